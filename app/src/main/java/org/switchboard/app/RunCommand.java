package org.switchboard.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard run}: start every service with embedded defaults and wait for SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Start the server (stops cleanly on SIGTERM or Ctrl-C).")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--data", description = "Data directory (default: ./data).", defaultValue = "data")
    Path data;

    @Option(names = "--port-offset", description = "Added to every standard port, e.g. 10000 to run without root (SMTP 10025, admin 14040).",
            defaultValue = "0")
    int portOffset;

    @Override
    public Integer call() throws Exception {
        if (portOffset < 0 || portOffset > 60000) throw new IllegalArgumentException("--port-offset must be between 0 and 60000");
        SwitchboardServer server = SwitchboardServer.start(data, portOffset, System.getenv("SWITCHBOARD_ADMIN_PASSWORD"), System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
