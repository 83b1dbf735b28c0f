"""Work to do once a transaction has committed, however many changes in it asked for it."""

from django.db import transaction


class _Once:
    """One function waiting for the current transaction to commit."""

    def __init__(self, func):
        self.func = func
        self.done = False

    def __call__(self):
        self.done = True
        self.func()


def once_on_commit(func, *, using=None):
    """Run ``func`` when the current transaction commits (at once outside one), once per transaction.

    ``func`` must be the same object each time (a module-level function): asking again while it
    still waits changes nothing.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        func()
        return
    waiting = connection.__dict__.setdefault("_once_on_commit", {})
    queued = waiting.get(func)
    # Django drops a rolled-back savepoint's callbacks from its list: still there means still due.
    if (
        queued is not None
        and not queued.done
        and any(entry[1] is queued for entry in connection.run_on_commit)
    ):
        return
    waiting[func] = queued = _Once(func)
    transaction.on_commit(queued, using=using)
