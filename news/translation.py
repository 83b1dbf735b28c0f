from modeltranslation.translator import TranslationOptions, register

from news.models import Event, Post, PostImage, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "city", "venue", "description", "cover_alt")


@register(Post)
class PostTranslationOptions(TranslationOptions):
    fields = ("title", "lead", "body", "reference_note", "cover_alt")


@register(PostImage)
class PostImageTranslationOptions(TranslationOptions):
    fields = ("alt", "caption")
