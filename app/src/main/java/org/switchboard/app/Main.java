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
            // A verb's failure carries its own exit status (see AdminCommand); anything else is 1.
            cmd.getErr().println("switchboard: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof CommandLine.IExitCodeGenerator g ? g.getExitCode() : 1;
        });
        // One line, like every other failure; the full usage is one --help away.
        cl.setParameterExceptionHandler((e, given) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("switchboard: " + e.getMessage() + " (see: " + c.getCommandSpec().qualifiedName() + " --help)");
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cl.execute(args);
    }
}
