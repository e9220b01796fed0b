"""plankg's command line: each module registers its subcommands; all answers come from graph/."""
