"""Building blocks shared by the apps: editorial base models, publishing rights, slugs, rich text,
images, documents, translations, admin bases, request guards. Nothing here imports an app
(partners, news) or the site wiring (portal.site); the apps build on it."""
