from django.urls import path

from cms.api.root import api

urlpatterns = [path("v1/", api.urls)]
