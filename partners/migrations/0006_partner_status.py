from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0005_search'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='partner',
            options={'ordering': ['name'], 'permissions': [('publish_partner', 'Can publish and unpublish partner profiles')], 'verbose_name': 'partner organisation', 'verbose_name_plural': 'partner organisations'},
        ),
        # Every partner was public until now: existing profiles stay published, new ones start as drafts.
        migrations.AddField(
            model_name='partner',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], default='published', max_length=10, verbose_name='status'),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='partner',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], default='draft', help_text='Visitors see the profile only once a publisher has published it.', max_length=10, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='is_public',
            field=models.BooleanField(default=False, help_text='Internal agreements are never shown on the public site. Only a publisher can make one public.', verbose_name='public'),
        ),
        migrations.AddIndex(
            model_name='partner',
            index=models.Index(fields=['status', 'kind'], name='partners_pa_status_41b89f_idx'),
        ),
    ]
