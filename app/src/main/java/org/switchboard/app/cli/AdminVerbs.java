package org.switchboard.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Assembles {@code switchboard admin}: the shared connection options (accepted anywhere on the
 * line) and one subcommand per verb family. Picocli calls it once while building the command
 * tree; every verb gets the same {@link ConnectionOptions} instance.
 */
public final class AdminVerbs implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec admin) {
        ConnectionOptions o = new ConnectionOptions();
        // Options first: picocli copies inherited options into the subcommands as they are added.
        admin.addMixin("connection", CommandSpec.forAnnotatedObject(o));
        CommandLine domain = new CommandLine(new DomainCommand(o));
        domain.addSubcommand("alias", new CommandLine(new DomainAliasCommand(o)));
        admin.addSubcommand("domain", domain);
        admin.addSubcommand("user", new CommandLine(new UserCommand(o)));
        admin.addSubcommand("users", new CommandLine(new UsersCommand(o)));
        admin.addSubcommand("group", new CommandLine(new GroupCommand(o)));
        admin.addSubcommand("alias", new CommandLine(new AliasCommand(o)));
        admin.addSubcommand("check-address", new CommandLine(new CheckAddressCommand(o)));
        admin.addSubcommand("ipgroup", new CommandLine(new IpGroupCommand(o)));
        admin.addSubcommand("timerange", new CommandLine(new TimeRangeCommand(o)));
        admin.addSubcommand("policy", new CommandLine(new PolicyCommand(o)));
        admin.addSubcommand("unlock-all", new CommandLine(new UnlockAllCommand(o)));
        admin.addSubcommand("blocked", new CommandLine(new BlockedCommand(o)));
        admin.addSubcommand("settings", new CommandLine(new SettingsCommand(o)));
        admin.addSubcommand("services", new CommandLine(new ServicesCommand(o)));
        admin.addSubcommand("logs", new CommandLine(new LogsCommand(o)));
        admin.addSubcommand("admin-password", new CommandLine(new AdminPasswordCommand(o)));
        admin.addSubcommand("whoami", new CommandLine(new WhoAmICommand(o)));
        CommandLine extension = new CommandLine(new PbxCommands.ExtensionCommand(o));
        PbxCommands.Add add = new PbxCommands.Add(o);
        extension.addSubcommand("add", new CommandLine(add));
        admin.addSubcommand("extension", extension);
        ownerOption(extension.getSubcommands().get("add").getCommandSpec(), add);
        admin.addSubcommand("registrations", new CommandLine(new PbxCommands.Registrations(o)));
        admin.addSubcommand("calls", new CommandLine(new PbxCommands.CallsCommand(o)));
        admin.addSubcommand("dialplan", new CommandLine(new PbxCommands.DialPlan(o)));
        admin.addSubcommand("queue", new CommandLine(new QueueCommand(o)));
        admin.addSubcommand("delivery", DeliveryCommands.command(o));
        admin.addSubcommand("rules", new CommandLine(new RulesCommand(o)));
        admin.addSubcommand("sessions", new CommandLine(new MailCommands.Sessions(o)));
        admin.addSubcommand("mailbox", new CommandLine(new MailCommands.MailboxUsage(o)));
        admin.addSubcommand("reindex", new CommandLine(new MailCommands.Reindex(o)));
        admin.addSubcommand("recover-deleted", new CommandLine(new MailCommands.RecoverDeleted(o)));
        return admin;
    }

    /** Replaces the inherited login --user of {@code extension add} by the extension's owner (the CLI form). */
    private static void ownerOption(CommandSpec spec, PbxCommands.Add add) {
        CommandLine.Model.OptionSpec login = spec.findOption("--user");
        if (login != null) spec.remove(login);
        spec.addOption(CommandLine.Model.OptionSpec.builder("--user", "--owner").paramLabel("ADDRESS").type(String.class)
                .description("The user who owns the extension (log in as another admin with SWITCHBOARD_ADMIN_USER).")
                .setter(new CommandLine.Model.ISetter() {
                    @Override
                    public <T> T set(T value) {
                        add.owner = (String) value;
                        return null;
                    }
                }).build());
    }
}
