"""The public survey a citizen opens by scanning the QR code at the one-stop desk, or on the
desk's kiosk tablet (``?kiosk=1``: after the thank-you page a fresh form comes back by
itself). No account, no JavaScript, nothing personal asked or stored."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse

from audits.forms.satisfaction import AnswerForm
from audits.models import Survey
from audits.models.satisfaction import SCALE
from audits.services.satisfaction_answers import response_submit
from qms.agencies.signin import client_ip
from qms.lib.forms import add_service_errors

# Seconds the kiosk shows the thank-you page before the next person's form.
KIOSK_THANKS_SECONDS = 8


def _survey(token: str) -> Survey:
    survey = (
        Survey.objects.select_related("agency", "unit", "procedure").filter(token=token).first()
    )
    if survey is None:
        raise Http404
    return survey


def _kiosk(request) -> bool:
    return request.GET.get("kiosk") == "1"


def _address(survey: Survey, kiosk: bool) -> str:
    url = reverse("survey-answer", args=[survey.token])
    return url + "?kiosk=1" if kiosk else url


def survey_answer(request, token: str):
    survey, kiosk = _survey(token), _kiosk(request)
    if not survey.is_open:
        return render(
            request, "audits/satisfaction/public_closed.html", {"survey": survey}, status=410
        )
    questions = list(survey.questions.order_by("position"))
    form = AnswerForm(request.POST or None, survey=survey, questions=questions)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                response_submit(
                    survey=survey,
                    values=form.values(),
                    comment=form.cleaned_data["comment"],
                    receipt_code=form.cleaned_data.get("receipt_code", ""),
                    address=client_ip(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
                code = getattr(error, "code", None)
                status = {"throttled": 429, "closed": 410}.get(code, 400)
            else:
                thanks = reverse("survey-thanks", args=[survey.token])
                return redirect(thanks + ("?kiosk=1" if kiosk else ""))
        else:
            status = 400
    return render(
        request,
        "audits/satisfaction/public_answer.html",
        {
            "survey": survey,
            "form": form,
            "kiosk": kiosk,
            "action": _address(survey, kiosk),
            "scale": SCALE,
        },
        status=status,
    )


def survey_thanks(request, token: str):
    survey, kiosk = _survey(token), _kiosk(request)
    response = render(
        request,
        "audits/satisfaction/public_thanks.html",
        {"survey": survey, "kiosk": kiosk, "next_url": _address(survey, kiosk)},
    )
    if kiosk:
        # A header, not a script: the kiosk returns to a fresh form with JavaScript off.
        response["Refresh"] = f"{KIOSK_THANKS_SECONDS}; url={_address(survey, kiosk)}"
    return response


urlpatterns = [
    path("<str:token>/", survey_answer, name="survey-answer"),
    path("<str:token>/thanks/", survey_thanks, name="survey-thanks"),
]
