from modeltranslation.translator import TranslationOptions, register

from partners.models import Agreement, Partner


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "city", "description")


@register(Agreement)
class AgreementTranslationOptions(TranslationOptions):
    fields = ("title",)
