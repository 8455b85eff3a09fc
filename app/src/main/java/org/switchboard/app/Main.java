package org.switchboard.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code switchboard run ...} starts the server, {@code switchboard admin ...} drives its API. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Switchboard: mail, groupware and telephone exchange in one server.",
        subcommands = {RunCommand.class, AdminCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns the exit status (tests call this in-process). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("switchboard: " + e.getMessage());
            return 1;
        });
        return cl.execute(args);
    }
}
