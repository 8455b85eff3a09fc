package org.switchboard.web;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.switchboard.core.log.LogKind;
import org.switchboard.core.settings.ServiceSettings;
import org.switchboard.web.api.ApiContext;
import org.switchboard.web.api.ApiHandler;
import org.switchboard.web.api.OpenApi;
import org.switchboard.web.api.Reply;

/**
 * The one embedded Jetty: the admin service (HTTPS, /api, /admin console, /health, /metrics;
 * loopback only until an IP group opens it) and the public HTTP/HTTPS services. Each service's
 * settings become connectors named after the service; requests run on virtual threads.
 */
public final class WebServer {
    /** A web service to start: its settings, and whether it serves the admin API or the public site. */
    public record WebService(ServiceSettings settings, int portOffset, boolean admin) {}

    private final ApiHandler api;
    private final Handler console;
    private final Supplier<String> metrics;
    private final Supplier<Map<String, Object>> health;
    private final BiPredicate<String, InetAddress> allowed;
    private final String version;
    private volatile SSLContext tls;
    private final List<SslContextFactory.Server> sslFactories = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Server server;
    private volatile List<WebService> services = List.of();

    /** {@code allowed} answers whether an address may use a service (IP group, loopback rule for admin). */
    public WebServer(SSLContext tls, ApiHandler api, Handler console, Supplier<String> metrics, Supplier<Map<String, Object>> health,
                     BiPredicate<String, InetAddress> allowed, String version) {
        this.tls = tls;
        this.api = api;
        this.console = console;
        this.metrics = metrics;
        this.health = health;
        this.allowed = allowed;
        this.version = version;
    }

    /** Starts the services; on failure nothing is left listening and the exception says which port failed. */
    public void start(List<WebService> toStart) throws Exception {
        List<WebService> started = new ArrayList<>();
        QueuedThreadPool pool = new QueuedThreadPool(64, 4);
        pool.setName("web");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server = new Server(pool);
        sslFactories.clear();
        server.setStopTimeout(5000);
        List<Connector> connectors = new ArrayList<>();
        for (WebService ws : toStart) {
            if (!ws.settings().enabled()) continue;
            started.add(ws);
            List<Connector> mine = new ArrayList<>();
            for (ServiceSettings.Listen l : ws.settings().listen()) {
                HttpConfiguration http = new HttpConfiguration();
                http.setSendServerVersion(false);
                http.setRequestHeaderSize(Math.max(8192, ws.settings().maxLineLength()));
                ServerConnector c;
                if (l.tls()) {
                    SecureRequestCustomizer src = new SecureRequestCustomizer();
                    src.setSniHostCheck(false);   // clients reach us by IP or any name; the certificate is ours either way
                    http.addCustomizer(src);
                    SslContextFactory.Server ssl = new SslContextFactory.Server();
                    ssl.setSslContext(tls);
                    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
                    sslFactories.add(ssl);
                    c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
                } else {
                    c = new ServerConnector(server, new HttpConnectionFactory(http));
                }
                c.setName(ws.settings().name());
                c.setHost(l.address());
                c.setPort(l.port() + ws.portOffset());
                c.setIdleTimeout(ws.settings().idleTimeoutSeconds() * 1000L);
                mine.add(c);
            }
            if (ws.settings().maxConnections() > 0) {
                server.addBean(new NetworkConnectionLimit(ws.settings().maxConnections(), mine.toArray(new Connector[0])));
            }
            connectors.addAll(mine);
        }
        server.setConnectors(connectors.toArray(new Connector[0]));
        services = List.copyOf(started);
        // GracefulHandler lets requests in flight finish when the server stops (SIGTERM).
        server.setHandler(new GracefulHandler(new Front()));
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw new java.io.IOException("cannot start the web services: " + e.getMessage()
                    + " (is another program using the port? change it in the services settings or use --port-offset)", e);
        }
    }

    public List<ApiContext.ServiceStatus> status() {
        List<ApiContext.ServiceStatus> out = new ArrayList<>();
        for (WebService ws : services) {
            List<String> listening = new ArrayList<>();
            int active = 0;
            for (Connector c : server.getConnectors()) {
                if (c instanceof ServerConnector sc && ws.settings().name().equals(sc.getName()) && sc.getLocalPort() > 0) {
                    listening.add(sc.getHost() + ":" + sc.getLocalPort());
                    active += sc.getConnectedEndPoints().size();
                }
            }
            out.add(new ApiContext.ServiceStatus(ws.settings().name(), true, server.isStarted(), listening, active, null));
        }
        return out;
    }

    /**
     * Applies changed service settings: stops the current connectors (requests in flight get
     * {@code grace}) and starts the new ones; if they cannot start, the previous ones come back.
     */
    public void restart(List<WebService> next, Duration grace) throws Exception {
        List<WebService> previous = services;
        stop(grace);
        try {
            start(next);
        } catch (Exception e) {
            start(previous);
            throw e;
        }
    }

    /** Serves a new certificate on every TLS connector; open connections keep the old one. */
    public void replaceTls(SSLContext next) {
        tls = next;
        for (SslContextFactory.Server f : sslFactories) {
            try {
                f.reload(x -> x.setSslContext(next));
            } catch (Exception e) {
                LogKind.ERROR.log("cannot load the new certificate into a listener: {}", e.toString());
            }
        }
    }

    public void stop(Duration grace) {
        if (server == null) return;
        try {
            server.setStopTimeout(grace.toMillis());
            server.stop();
        } catch (Exception e) {
            LogKind.WARNING.log("web server stop: {}", e.toString());
        }
    }

    /** Picks the service by connector, enforces its IP restriction, then routes the path. */
    private final class Front extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String service = request.getConnectionMetaData().getConnector().getName();
            InetAddress remote = InetAddress.getByName(Request.getRemoteAddr(request));
            String path = request.getHttpURI().getPath();
            if (!allowed.test(service, remote)) {
                LogKind.SECURITY.log("HTTP request from {} to service {} refused: address not allowed", remote.getHostAddress(), service);
                send(response, callback, Reply.json(403, Map.of("type", "about:blank", "title", "Forbidden", "status", 403,
                        "detail", "this address may not use the " + service + " service; an administrator can allow it with an IP address group")));
                return true;
            }
            boolean admin = services.stream().anyMatch(w -> w.admin() && w.settings().name().equals(service));
            if ("/health".equals(path)) {
                send(response, callback, Reply.json(health.get()));
            } else if (admin && path.startsWith("/api/v1/")) {
                return api.handle(request, response, callback);
            } else if (admin && "/api/openapi.json".equals(path)) {
                send(response, callback, Reply.json(OpenApi.document(api.routes(), version)));
            } else if (admin && "/metrics".equals(path)) {
                send(response, callback, Reply.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
            } else if (admin && ("/admin".equals(path) || path.startsWith("/admin/"))) {
                return console.handle(request, response, callback);
            } else if (admin && "/".equals(path)) {
                response.setStatus(302);
                response.getHeaders().put(HttpHeader.LOCATION, "/admin");
                response.write(true, ByteBuffer.allocate(0), callback);
            } else if (!admin && ("/admin".equals(path) || path.startsWith("/admin/"))) {
                // Guide §8: /admin on the web port redirects to the admin port over HTTPS.
                int adminPort = services.stream().filter(WebService::admin).findFirst()
                        .map(w -> w.settings().listen().get(0).port() + w.portOffset()).orElse(4040);
                String host = request.getHttpURI().getHost();
                response.setStatus(302);
                response.getHeaders().put(HttpHeader.LOCATION, "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + adminPort + "/admin");
                response.write(true, ByteBuffer.allocate(0), callback);
            } else if (!admin && "/".equals(path)) {
                send(response, callback, Reply.text(200, "text/html", Pages.publicHome(version)));
            } else {
                send(response, callback, Reply.json(404, Map.of("type", "about:blank", "title", "Not found", "status", 404,
                        "detail", "nothing is served at " + path)));
            }
            return true;
        }
    }

    private static void send(Response response, Callback callback, Reply reply) {
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType().contains("charset") ? reply.contentType()
                : reply.contentType() + "; charset=utf-8");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }
}
