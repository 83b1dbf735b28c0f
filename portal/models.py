# The portal app's models live with the building blocks that use them; Django looks for them here.
from portal.core.content_version import ContentVersion
from portal.core.pending import PendingChange

__all__ = ["ContentVersion", "PendingChange"]
