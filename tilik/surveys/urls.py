from django.urls import path

from tilik.surveys.views import builder, bursts, raters, respondent, waves

app_name = "surveys"

urlpatterns = [
    # Respondents (no login)
    path("s/t/<str:token>/", respondent.token_survey, name="token"),
    path("s/p/<slug:slug>/", respondent.public_survey, name="public"),
    path("s/terima-kasih/", respondent.thanks, name="thanks"),
    # Evaluators
    path("survei/instrumen/", builder.instrument_list, name="instruments"),
    path("survei/versi/<int:pk>/", builder.version_detail, name="version"),
    path("survei/versi/<int:pk>/xlsform.xlsx", builder.version_xlsform, name="version_xlsform"),
    path("survei/pertanyaan/<int:pk>/ubah/", builder.question_edit, name="question_edit"),
    path("survei/pertanyaan/<int:pk>/hapus/", builder.question_delete, name="question_delete"),
    path("survei/gelombang/", waves.wave_list, name="waves"),
    path("survei/versi/<int:version_pk>/gelombang-baru/", waves.wave_create, name="wave_create"),
    path("survei/gelombang/<int:pk>/", waves.wave_detail, name="wave"),
    path("survei/gelombang/<int:pk>/aksi/<slug:action>/", waves.wave_action, name="wave_action"),
    path("survei/gelombang/<int:pk>/whatsapp.xlsx", waves.whatsapp_list, name="whatsapp"),
    path("survei/gelombang/<int:pk>/undangan.xlsx", waves.invitation_list, name="invitations"),
    path("survei/gelombang/<int:pk>/penilai/<int:employee_pk>/", raters.rater_person, name="raters"),
    path("survei/gelombang/<int:pk>/poster.pdf", waves.poster, name="poster"),
    path("survei/gelombang/<int:pk>/respons.<str:fmt>", waves.export, name="export"),
    path("survei/gelombang/<int:pk>/hasil/", waves.results, name="results"),
    path("survei/gelombang/<int:pk>/lonjakan/", bursts.burst_review, name="bursts"),
    path("survei/ikm/", waves.ikm_overview, name="ikm"),
]
