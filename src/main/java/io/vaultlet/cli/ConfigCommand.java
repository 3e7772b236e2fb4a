package io.vaultlet.cli;

import picocli.CommandLine.Command;

/** {@code vaultlet config …}: configuration tools. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Configuration tools.",
    subcommands = {ConfigCheckCommand.class})
public final class ConfigCommand {}
