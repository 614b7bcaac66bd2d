"""The agency's satisfaction surveys: defining them (the ISO secretary), their public address,
QR code and A5 poster, new versions, closing and reopening."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.forms.satisfaction import SurveyForm
from audits.models import Survey
from audits.satisfaction_files import poster_pdf, survey_url
from audits.selectors.satisfaction import surveys_of
from audits.services import satisfaction as service
from audits.views.common import get_in_agency_or_404, refused
from audits.views.satisfaction import READERS, render_satisfaction
from qms.agencies.permissions import agency_permission_required
from qms.lib.forms import add_service_errors
from qms.lib.qr import qr_svg_data_uri

MANAGER = service.MANAGER


@agency_permission_required(*READERS)
def survey_list(request):
    return render_satisfaction(
        request,
        "audits/satisfaction/survey_list.html",
        {"surveys": surveys_of(request.agency)},
        tab="surveys",
    )


@require_POST
@agency_permission_required(MANAGER)
def survey_create_default(request):
    survey = service.survey_create_default(agency=request.agency, by=request.user)
    messages.success(request, _("The default survey is ready. Print its poster for the desk."))
    return redirect("audits:satisfaction-survey-detail", survey.pk)


@agency_permission_required(MANAGER)
def survey_create(request):
    initial = {
        "title": service.DEFAULT_TITLE,
        "questions": "\n".join(str(q) for q in service.DEFAULT_QUESTIONS),
        "overall_question": service.DEFAULT_OVERALL,
    }
    form = SurveyForm(request.POST or None, agency=request.agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            survey = service.survey_create(
                agency=request.agency, by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The survey was created."))
            return redirect("audits:satisfaction-survey-detail", survey.pk)
    return render_satisfaction(
        request, "audits/satisfaction/survey_form.html", {"form": form}, tab="surveys"
    )


def _get(request, pk: int, *codenames: str) -> Survey:
    return get_in_agency_or_404(
        request,
        Survey.objects.select_related("unit", "procedure", "replaced_by"),
        pk,
        *codenames,
    )


@login_required
def survey_detail(request, pk: int):
    survey = _get(request, pk, *READERS)
    url = survey_url(survey)
    answered = service.has_answers(survey)
    return render_satisfaction(
        request,
        "audits/satisfaction/survey_detail.html",
        {
            "survey": survey,
            "questions": survey.questions.order_by("position"),
            "answer_count": survey.responses.count(),
            "url": url,
            "kiosk_url": url + "?kiosk=1",
            "qr": qr_svg_data_uri(url),
            "can_edit": not survey.replaced_by_id,
            "questions_frozen": answered,
            "can_version": answered and not survey.replaced_by_id,
            "can_reopen": not survey.is_open and not survey.replaced_by_id,
        },
        tab="surveys",
        agency=survey.agency,
    )


@login_required
def survey_edit(request, pk: int):
    survey = _get(request, pk, MANAGER)
    form = SurveyForm(
        request.POST or None, agency=survey.agency, initial=SurveyForm.initial_for(survey)
    )
    if request.method == "POST" and form.is_valid():
        try:
            service.survey_update(survey=survey, by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The survey was saved."))
            return redirect("audits:satisfaction-survey-detail", survey.pk)
    return render_satisfaction(
        request,
        "audits/satisfaction/survey_form.html",
        {"form": form, "survey": survey, "questions_frozen": service.has_answers(survey)},
        tab="surveys",
        agency=survey.agency,
    )


@require_POST
@login_required
def survey_new_version(request, pk: int):
    survey = _get(request, pk, MANAGER)
    try:
        new = service.survey_new_version(survey=survey, by=request.user)
    except ValidationError as error:
        refused(request, error)
        return redirect("audits:satisfaction-survey-detail", survey.pk)
    messages.success(
        request,
        _("Version %(n)s takes over the survey's address; change its questions now.")
        % {"n": new.version},
    )
    return redirect("audits:satisfaction-survey-edit", new.pk)


def _set_open(request, pk: int, is_open: bool):
    survey = _get(request, pk, MANAGER)
    try:
        service.survey_set_open(survey=survey, by=request.user, is_open=is_open)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(
            request, _("The survey takes answers again.") if is_open else _("The survey is closed.")
        )
    return redirect("audits:satisfaction-survey-detail", survey.pk)


@require_POST
@login_required
def survey_close(request, pk: int):
    return _set_open(request, pk, False)


@require_POST
@login_required
def survey_reopen(request, pk: int):
    return _set_open(request, pk, True)


@login_required
def survey_poster(request, pk: int):
    survey = _get(request, pk, *READERS)
    response = HttpResponse(poster_pdf(survey), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="khao-sat-{survey.pk}.pdf"'
    return response


urlpatterns = [
    path("satisfaction/surveys/", survey_list, name="satisfaction-survey-list"),
    path("satisfaction/surveys/new/", survey_create, name="satisfaction-survey-create"),
    path(
        "satisfaction/surveys/default/",
        survey_create_default,
        name="satisfaction-survey-default",
    ),
    path("satisfaction/surveys/<int:pk>/", survey_detail, name="satisfaction-survey-detail"),
    path("satisfaction/surveys/<int:pk>/edit/", survey_edit, name="satisfaction-survey-edit"),
    path(
        "satisfaction/surveys/<int:pk>/new-version/",
        survey_new_version,
        name="satisfaction-survey-version",
    ),
    path("satisfaction/surveys/<int:pk>/close/", survey_close, name="satisfaction-survey-close"),
    path("satisfaction/surveys/<int:pk>/reopen/", survey_reopen, name="satisfaction-survey-reopen"),
    path(
        "satisfaction/surveys/<int:pk>/poster.pdf",
        survey_poster,
        name="satisfaction-survey-poster",
    ),
]
