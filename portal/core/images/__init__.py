"""Uploaded pictures, one job per module.

- ``validation``: what the portal accepts (format, size, pixels, a complete file)
  and the alt text a picture needs;
- ``storage``: the media storage that strips metadata from every picture saved;
- ``renditions``: the responsive renditions sorl-thumbnail makes of them.

Historical migrations name ``portal.core.images.validate_image_upload`` as a
field validator, so that path stays; import everything else from its module.
"""

from portal.core.images.validation import validate_image_upload

__all__ = ["validate_image_upload"]
