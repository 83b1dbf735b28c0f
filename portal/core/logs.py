"""Logging pieces: a client's error is one line, a server error keeps its traceback and is mailed."""

import logging


def is_client_error(record):
    """Whether a log record is about a request the client got wrong (4xx, suspicious operations)."""
    status_code = getattr(record, "status_code", None)
    if status_code is not None:
        return status_code < 500
    return record.name.startswith("django.security.")


class ClientErrorsOnOneLine(logging.Formatter):
    """Formats a client's error as one line without traceback; everything else as usual."""

    def format(self, record):
        if not is_client_error(record):
            return super().format(record)
        # A bad Host header or a path can carry line breaks of the client's choosing.
        bare = logging.makeLogRecord(
            {**record.__dict__, "exc_info": None, "exc_text": None, "stack_info": None}
        )
        return super().format(bare).replace("\r", "\\r").replace("\n", "\\n")


class ServerErrorsOnly(logging.Filter):
    """Lets through only records that are not a client's error: what ADMINS should be mailed about."""

    def filter(self, record):
        return not is_client_error(record)
