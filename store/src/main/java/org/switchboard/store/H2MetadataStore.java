package org.switchboard.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.switchboard.core.store.MetadataStore;

/**
 * The embedded metadata store: one H2 file database under the data directory, a single table
 * of JSON documents keyed by (kind, id). WRITE_DELAY=0 makes H2 write every commit to the file
 * before {@link #write} returns, so a {@code kill -9} after an acknowledged change loses nothing.
 * Thread-safe: one connection guarded by a lock (directory writes are already serialized).
 */
public final class H2MetadataStore implements MetadataStore {
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private H2MetadataStore(Connection connection) { this.connection = connection; }

    public static H2MetadataStore open(Path dir) {
        try {
            Files.createDirectories(dir);
            String url = "jdbc:h2:file:" + dir.resolve("switchboard").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
            Connection c = DriverManager.getConnection(url, "sa", "");
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS records (kind VARCHAR(64) NOT NULL, id VARCHAR(512) NOT NULL, "
                        + "data CHARACTER LARGE OBJECT NOT NULL, PRIMARY KEY (kind, id))");
            }
            c.setAutoCommit(false);
            c.commit();
            return new H2MetadataStore(c);
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot open the database in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> get(String kind, String id) {
        lock.lock();
        try (PreparedStatement ps = connection.prepareStatement("SELECT data FROM records WHERE kind = ? AND id = ?")) {
            ps.setString(1, kind);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                Optional<String> r = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                connection.commit();
                return r;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database read failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Entry> list(String kind) {
        lock.lock();
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, data FROM records WHERE kind = ? ORDER BY id")) {
            ps.setString(1, kind);
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Entry(kind, rs.getString(1), rs.getString(2)));
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("database read failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(List<? extends Change> changes) {
        lock.lock();
        try (PreparedStatement merge = connection.prepareStatement("MERGE INTO records (kind, id, data) KEY (kind, id) VALUES (?, ?, ?)");
             PreparedStatement delete = connection.prepareStatement("DELETE FROM records WHERE kind = ? AND id = ?")) {
            for (Change c : changes) {
                switch (c) {
                    case Put p -> {
                        merge.setString(1, p.kind());
                        merge.setString(2, p.id());
                        merge.setString(3, p.data());
                        merge.addBatch();
                    }
                    case Delete d -> {
                        delete.setString(1, d.kind());
                        delete.setString(2, d.id());
                        delete.addBatch();
                    }
                }
            }
            merge.executeBatch();
            delete.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // The original failure is the one worth reporting.
            }
            throw new IllegalStateException("database write failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing at shutdown: nothing left to do with a failure.
        } finally {
            lock.unlock();
        }
    }
}
