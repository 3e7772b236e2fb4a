package io.vaultlet.cli;

import picocli.CommandLine.Command;

/** {@code vaultlet template …}: template tools. */
@Command(
    name = "template",
    mixinStandardHelpOptions = true,
    description = "Template tools.",
    subcommands = {TemplateRenderCommand.class})
public final class TemplateCommand {}
