from django.urls import path

from .views import groups, overview, tasks, visits

app_name = "supervision"

urlpatterns = [
    path("", overview.overview, name="index"),
    path("visits/", visits.visit_index, name="visits"),
    path("visits/export/", visits.visit_export, name="visit_export"),
    path("visits/new/", visits.visit_create, name="visit_create"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit"),
    path("visits/<int:pk>/docx/", visits.visit_docx, name="visit_docx"),
    path("findings/<int:pk>/task/", visits.finding_task, name="finding_task"),
    path("tasks/", tasks.task_index, name="tasks"),
    path("tasks/export/", tasks.task_export, name="task_export"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task"),
    path("tasks/<int:pk>/respond/", tasks.task_respond_view, name="task_respond"),
    path("tasks/<int:pk>/verify/", tasks.task_verify_view, name="task_verify"),
    path("tasks/<int:pk>/send-back/", tasks.task_send_back_view, name="task_send_back"),
    path("tasks/<int:pk>/notice/", tasks.task_notice_docx, name="task_notice"),
    path("evidence/<int:pk>/", tasks.evidence_download, name="evidence"),
    path("groups/", groups.group_index, name="groups"),
    path("groups/new/", groups.group_edit, name="group_create"),
    path("groups/<int:pk>/edit/", groups.group_edit, name="group_edit"),
]
