package org.switchboard.core.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TlsMaterialTest {

    private static final String HOST = "mail.example.test";

    @TempDir Path dir;

    @Test
    void loadOrCreate_emptyDir_issuesSelfSignedCertificateWithSansAndTenYearValidity() throws Exception {
        Instant before = Instant.now();
        TlsMaterial material = TlsMaterial.loadOrCreate(dir, HOST);
        CertificateInfo info = material.info();

        assertThat(info.subject()).isEqualTo("CN=" + HOST);
        assertThat(info.issuer()).isEqualTo("CN=" + HOST);
        assertThat(info.selfSigned()).isTrue();
        assertThat(info.subjectAltNames())
                .containsExactly("DNS:" + HOST, "DNS:localhost", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1");
        assertThat(info.notBefore()).isCloseTo(before.minus(Duration.ofDays(1)), within(1, ChronoUnit.MINUTES));
        assertThat(info.notAfter()).isCloseTo(before.atOffset(ZoneOffset.UTC).plusYears(10).toInstant(),
                within(1, ChronoUnit.MINUTES));
        assertThat(info.sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(material.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(((RSAPublicKey) material.certificate().getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(material.chain()).containsExactly(material.certificate());
        assertThat(Files.readString(dir.resolve("server.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(dir.resolve("server.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("server.crt", "server.key");
        }
    }

    @Test
    void loadOrCreate_existingFiles_loadsSameCertificateAndOpensslAgreesOnFingerprint() throws Exception {
        TlsMaterial first = TlsMaterial.loadOrCreate(dir, HOST);
        TlsMaterial again = TlsMaterial.loadOrCreate(dir, "other.example.test");

        assertThat(again.info()).isEqualTo(first.info());
        assertThat(again.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
        String openssl = run("openssl", "x509", "-in", dir.resolve("server.crt").toString(), "-noout",
                "-fingerprint", "-sha256");
        assertThat(openssl.strip()).endsWith("=" + first.info().sha256Fingerprint());
    }

    @Test
    void loadOrCreate_keyFile_isReadableByOwnerOnly() throws Exception {
        TlsMaterial.loadOrCreate(dir, HOST);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.crt"))))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void loadOrCreate_keyFileOpenToOthers_isRestrictedOnLoad() throws Exception {
        TlsMaterial.loadOrCreate(dir, HOST);
        Files.setPosixFilePermissions(dir.resolve("server.key"), PosixFilePermissions.fromString("rw-r--r--"));

        TlsMaterial.loadOrCreate(dir, HOST);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void sslContext_opensslClient_completesTls13HandshakeAndSeesSubject() throws Exception {
        TlsMaterial material = TlsMaterial.loadOrCreate(dir, HOST);

        Handshake result = handshake(material, "-servername", "localhost");

        assertThat(result.serverProtocol()).isEqualTo("TLSv1.3");
        assertThat(result.client()).containsPattern("subject=CN ?= ?" + HOST.replace(".", "\\."))
                .contains("New, TLSv1.3,").contains("greeting from switchboard");
    }

    @Test
    void sslContext_opensslClientLimitedToTls12_stillHandshakes() throws Exception {
        TlsMaterial material = TlsMaterial.loadOrCreate(dir, HOST);

        Handshake result = handshake(material, "-tls1_2");

        assertThat(result.serverProtocol()).isEqualTo("TLSv1.2");
        assertThat(result.client()).contains("New, TLSv1.2,").contains("greeting from switchboard");
    }

    private record Handshake(String serverProtocol, String client) {}

    private static Handshake handshake(TlsMaterial material, String... clientOptions) throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) material.sslContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setEnabledProtocols(TlsMaterial.enabledProtocols());
            CompletableFuture<String> protocol = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.startHandshake();
                    protocol.complete(socket.getSession().getProtocol());
                    OutputStream out = socket.getOutputStream();
                    out.write("greeting from switchboard\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    protocol.completeExceptionally(e);
                }
            });
            List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect",
                    "127.0.0.1:" + server.getLocalPort(), "-ign_eof"));
            command.addAll(List.of(clientOptions));
            String output = run(command.toArray(String[]::new));
            return new Handshake(protocol.get(20, TimeUnit.SECONDS), output);
        }
    }

    @Test
    void regenerateSelfSigned_existingMaterial_replacesWithNewFingerprint() throws Exception {
        TlsMaterial old = TlsMaterial.loadOrCreate(dir, HOST);

        TlsMaterial fresh = TlsMaterial.regenerateSelfSigned(dir, "new.example.test");

        assertThat(fresh.info().sha256Fingerprint()).isNotEqualTo(old.info().sha256Fingerprint());
        assertThat(fresh.info().subject()).isEqualTo("CN=new.example.test");
        assertThat(TlsMaterial.loadOrCreate(dir, HOST).info()).isEqualTo(fresh.info());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void install_opensslIssuedChainAndEcKey_replacesMaterial() throws Exception {
        Path work = Files.createDirectory(dir.resolve("ca"));
        String ca = work.resolve("ca.crt").toString();
        String caKey = work.resolve("ca.key").toString();
        String leafKey = work.resolve("leaf.key").toString();
        String csr = work.resolve("leaf.csr").toString();
        String leaf = work.resolve("leaf.crt").toString();
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey, "-out", ca,
                "-subj", "/CN=Test Root CA", "-days", "30");
        run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", leafKey, "-out", csr, "-subj", "/CN=real.example.test");
        run("openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", caKey, "-CAcreateserial",
                "-out", leaf, "-days", "30");
        Path certDir = dir.resolve("certs");
        TlsMaterial.loadOrCreate(certDir, HOST);

        TlsMaterial installed = TlsMaterial.install(certDir,
                Files.readString(Path.of(leaf)) + Files.readString(Path.of(ca)), Files.readString(Path.of(leafKey)));

        assertThat(installed.chain()).hasSize(2);
        assertThat(installed.info().subject()).isEqualTo("CN=real.example.test");
        assertThat(installed.info().issuer()).isEqualTo("CN=Test Root CA");
        assertThat(installed.info().selfSigned()).isFalse();
        TlsMaterial reloaded = TlsMaterial.loadOrCreate(certDir, HOST);
        assertThat(reloaded.info()).isEqualTo(installed.info());
        assertThat(reloaded.chain()).hasSize(2);
        assertThat(Files.readString(certDir.resolve("server.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(handshake(reloaded).client()).containsPattern("subject=CN ?= ?real\\.example\\.test");
    }

    @Test
    void install_traditionalRsaKey_acceptedAndStoredAsPkcs8() throws Exception {
        Path key = dir.resolve("rsa.key");
        Path cert = dir.resolve("rsa.crt");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-subj", "/CN=legacy.example.test", "-days", "30");
        String traditional = run("openssl", "rsa", "-in", key.toString(), "-traditional");
        assertThat(traditional).contains("-----BEGIN RSA PRIVATE KEY-----");

        TlsMaterial installed = TlsMaterial.install(dir.resolve("certs"), Files.readString(cert), traditional);

        assertThat(installed.info().subject()).isEqualTo("CN=legacy.example.test");
        assertThat(Files.readString(dir.resolve("certs/server.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void install_keyOfAnotherCertificate_rejectedAndFilesUntouched() throws Exception {
        TlsMaterial current = TlsMaterial.loadOrCreate(dir, HOST);
        String currentCrt = Files.readString(dir.resolve("server.crt"));
        String currentKey = Files.readString(dir.resolve("server.key"));
        TlsMaterial other = TlsMaterial.regenerateSelfSigned(dir.resolve("other"), "other.example.test");

        assertThatThrownBy(() -> TlsMaterial.install(dir, Pem.encode(other.chain()), currentKey))
                .isInstanceOf(IOException.class).hasMessageContaining("does not match");
        assertThat(Files.readString(dir.resolve("server.crt"))).isEqualTo(currentCrt);
        assertThat(Files.readString(dir.resolve("server.key"))).isEqualTo(currentKey);
        assertThat(TlsMaterial.loadOrCreate(dir, HOST).info()).isEqualTo(current.info());
    }

    @Test
    void install_chainOutOfOrder_rejected() throws Exception {
        TlsMaterial server = TlsMaterial.regenerateSelfSigned(dir.resolve("a"), HOST);
        TlsMaterial unrelated = TlsMaterial.regenerateSelfSigned(dir.resolve("b"), "unrelated.example.test");
        String chain = Pem.encode(List.of(server.certificate(), unrelated.certificate()));

        assertThatThrownBy(() -> TlsMaterial.install(dir, chain, Pem.encode(server.privateKey())))
                .isInstanceOf(IOException.class).hasMessageContaining("did not issue certificate 1");
        assertThat(dir.resolve("server.crt")).doesNotExist();
    }

    @Test
    void install_garbagePem_clearIOException() throws Exception {
        TlsMaterial good = TlsMaterial.regenerateSelfSigned(dir.resolve("good"), HOST);
        String key = Pem.encode(good.privateKey());
        String cert = Pem.encode(good.chain());

        assertThatThrownBy(() -> TlsMaterial.install(dir, "hello world", key))
                .isInstanceOf(IOException.class).hasMessageContaining("no PEM certificate found");
        assertThatThrownBy(() -> TlsMaterial.install(dir,
                "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n", key))
                .isInstanceOf(IOException.class).hasMessageContaining("certificate");
        assertThatThrownBy(() -> TlsMaterial.install(dir,
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", key))
                .isInstanceOf(IOException.class).hasMessageContaining("not a valid PEM certificate");
        assertThatThrownBy(() -> TlsMaterial.install(dir, cert, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("private key");
        assertThatThrownBy(() -> TlsMaterial.install(dir, cert, cert))
                .isInstanceOf(IOException.class).hasMessageContaining("no PEM private key found");
        assertThatThrownBy(() -> TlsMaterial.install(dir, "x".repeat(Pem.MAX_CHARS + 1), key))
                .isInstanceOf(IOException.class).hasMessageContaining("larger than");
        assertThat(dir.resolve("server.crt")).doesNotExist();
    }

    @Test
    void loadOrCreate_garbageOrHalfMaterialOnDisk_clearIOException() throws Exception {
        Files.writeString(dir.resolve("server.crt"), "not a certificate");
        assertThatThrownBy(() -> TlsMaterial.loadOrCreate(dir, HOST))
                .isInstanceOf(IOException.class).hasMessageContaining("server.crt").hasMessageContaining("but not");

        TlsMaterial.regenerateSelfSigned(dir.resolve("good"), HOST);
        Files.copy(dir.resolve("good/server.key"), dir.resolve("server.key"));
        assertThatThrownBy(() -> TlsMaterial.loadOrCreate(dir, HOST))
                .isInstanceOf(IOException.class).hasMessageContaining("server.crt: no PEM certificate found");
        assertThat(Files.readString(dir.resolve("server.crt"))).isEqualTo("not a certificate");
    }

    @Test
    void loadOrCreate_invalidHostName_rejected() {
        assertThatThrownBy(() -> TlsMaterial.loadOrCreate(dir, "bad host"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad host");
        assertThatThrownBy(() -> TlsMaterial.loadOrCreate(dir, "-leading.example"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void regenerateSelfSigned_ipLiteralHost_getsIpSanWithoutDuplicates() throws Exception {
        TlsMaterial material = TlsMaterial.regenerateSelfSigned(dir, "127.0.0.1");

        assertThat(material.info().subjectAltNames())
                .containsExactly("IP:127.0.0.1", "DNS:localhost", "IP:0:0:0:0:0:0:0:1");
    }

    @Test
    void keyStore_password_holdsKeyAndChainUnderServerAlias() throws Exception {
        TlsMaterial material = TlsMaterial.loadOrCreate(dir, HOST);
        char[] password = "secret".toCharArray();

        KeyStore store = material.keyStore(password);

        assertThat(store.getType()).isEqualToIgnoringCase("PKCS12");
        assertThat(store.isKeyEntry("server")).isTrue();
        assertThat(store.getKey("server", password).getEncoded()).isEqualTo(material.privateKey().getEncoded());
        assertThat(store.getCertificateChain("server")).containsExactly(material.certificate());
        assertThat(TlsMaterial.enabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    }

    /** Runs a real openssl with stdin closed; fails the test on a non-zero exit or a hang. */
    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        String text = output.get(10, TimeUnit.SECONDS);
        assertThat(process.exitValue()).as("%s exit status; output:%n%s", String.join(" ", command), text).isZero();
        return text;
    }
}
