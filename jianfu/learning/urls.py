from django.urls import path

from . import views, views_library, views_study, views_training

app_name = "learning"

urlpatterns = [
    path("", views.index, name="index"),
    # policy library (资料汇编) and the criteria FAQ
    path("library/", views_library.library, name="library"),
    path("library/export/", views_library.library_export, name="library_export"),
    path("library/new/", views_library.document_create, name="document_create"),
    path("library/<int:pk>/", views_library.document_detail, name="document"),
    path("library/<int:pk>/download/", views_library.document_download, name="document_download"),
    path("faq/", views_library.faq, name="faq"),
    path("faq/export/", views_library.faq_export, name="faq_export"),
    path("faq/new/", views_library.faq_create, name="faq_create"),
    path("faq/<int:pk>/delete/", views_library.faq_delete, name="faq_delete"),
    # study records and coverage (学习全覆盖)
    path("study/", views_study.study_list, name="study"),
    path("study/export/", views_study.study_export, name="study_export"),
    path("study/new/", views_study.study_create, name="study_create"),
    path("study/import/", views_study.study_import, name="study_import"),
    path("study/template/", views_study.study_template, name="study_template"),
    path("study/<int:pk>/delete/", views_study.study_delete, name="study_delete"),
    path("coverage/", views_study.coverage, name="coverage"),
    path("coverage/export/", views_study.coverage_export, name="coverage_export"),
    # trainings and the criteria-training class
    path("trainings/", views_training.training_list, name="trainings"),
    path("trainings/export/", views_training.training_export, name="trainings_export"),
    path("trainings/proposal/export/", views_training.proposal_export, name="proposal_export"),
    path("trainings/new/", views_training.training_create_view, name="training_create"),
    path("trainings/<int:pk>/", views_training.training_detail, name="training"),
    path(
        "trainings/<int:pk>/export/", views_training.training_detail_export, name="training_export"
    ),
    path(
        "trainings/<int:pk>/attendance/",
        views_training.training_attendance,
        name="training_attendance",
    ),
    path("trainings/<int:pk>/invite/", views_training.training_invite, name="training_invite"),
    path(
        "trainings/<int:pk>/materials/", views_training.training_material, name="training_material"
    ),
    path("materials/<int:pk>/", views_training.material_download, name="material_download"),
    # pilots (试点)
    path("pilots/", views_training.pilots, name="pilots"),
    path("pilots/export/", views_training.pilots_export, name="pilots_export"),
    path("pilots/new/", views_training.pilot_create, name="pilot_create"),
]
