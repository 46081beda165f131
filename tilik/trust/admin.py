from django.contrib import admin

from tilik.trust.models import SPIScore, ZIStatusRecord

admin.site.register(SPIScore)
admin.site.register(ZIStatusRecord)
