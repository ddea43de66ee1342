"""The one error type the package raises for bad input.

The command line prints it as a single line, ``error: <where>: <reason>``, and exits with status 2.

>>> str(InputError("seeds/x.txt", "file is empty"))
'seeds/x.txt: file is empty'
"""


class InputError(ValueError):
    """Bad input: ``where`` names the file (and line, where known), ``reason`` says what is wrong."""

    def __init__(self, where: object, reason: str) -> None:
        self.where = str(where)
        self.reason = reason
        super().__init__(f"{self.where}: {reason}")
