package org.switchboard.app;

import org.switchboard.app.cli.AdminVerbs;
import picocli.CommandLine.Command;

/** {@code switchboard admin ...}: the command line client of the admin REST API (verbs in {@link AdminVerbs}). */
@Command(name = "admin", modelTransformer = AdminVerbs.class,
        description = "Administer a running server through its REST API.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "1:failed", "2:bad input, or another refusal of the request", "3:login refused (HTTP 401)",
                "4:not allowed (HTTP 403)", "5:not found (HTTP 404)", "6:conflict, e.g. it already exists (HTTP 409)",
                "7:the server cannot be reached, or its certificate changed"})
final class AdminCommand {}
