"""Responsive renditions of stored pictures, made by sorl-thumbnail.

``templates/includes/picture.html`` builds every picture's ``srcset`` from
renditions (never the original), which go to a storage of their own
(``THUMBNAIL_*`` settings); ``shareable_url`` gives link previews one too.
"""

from sorl.thumbnail.engines.pil_engine import Engine as PillowEngine


class RenditionEngine(PillowEngine):
    """sorl-thumbnail's Pillow engine, decoding a JPEG original only as finely as a rendition needs.

    libjpeg decodes at 1/2, 1/4 or 1/8 scale directly, so a 960 px rendition of
    a 35-megapixel photo no longer decodes 35 million pixels first: the first
    view of a post with such a cover went from about 5 s to 1.3 s here.
    """

    def create(self, image, geometry, options):
        if image.format == "JPEG" and not options.get("crop") and not options.get("cropbox"):
            width, height = geometry
            if self.flip_dimensions(image, options=options):
                width, height = height, width
            # Never smaller than the rendition: the final resize is still Lanczos, from at least that size.
            image.draft(image.mode, (width, height))
        return super().create(image, geometry, options)


def shareable_url(image, width="1600"):
    """The URL of a JPEG rendition of ``image`` for link previews and structured data, never the original."""
    from sorl.thumbnail import get_thumbnail

    return get_thumbnail(image, width, format="JPEG", upscale=False).url
