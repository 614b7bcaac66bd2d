"""A management command whose help texts speak the language active when it runs."""

from django.core.management.base import BaseCommand


class TranslatedCommand(BaseCommand):
    """Declare ``help`` and each argument's ``help=`` with ``gettext_lazy``.

    argparse needs str (a lazy string crashes ``--help``), and ``gettext`` at class definition
    would freeze the language of the first import; so the texts become str here, when the
    parser is built for this run.
    """

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if parser.description is not None:
            parser.description = str(parser.description)
        for action in parser._actions:
            if action.help is not None:
                action.help = str(action.help)
        return parser
