"""Citizen satisfaction results of the current agency: the rate against the province's
target, per question, by month, the comments and very low answers (each one step from a
complaint in the nonconformity register), and the export to .xlsx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audits.forms.satisfaction import ComplaintForm, ResultsFilterForm
from audits.jobs import satisfaction_export_args, satisfaction_export_run, satisfaction_xlsx
from audits.models import Survey, SurveyResponse
from audits.selectors.satisfaction import (
    earlier_target_percent,
    monthly_rates,
    question_figures,
    rate_of,
    remarks,
    responses_of,
    target_percent,
)
from audits.services.satisfaction_answers import response_flag_negative, response_to_complaint
from audits.views.common import REVIEW_READERS, get_in_agency_or_404
from audits.workflow import REGISTRARS
from qms.agencies.permissions import agency_permission_required, agency_permissions
from qms.lib.charts.columns import Series, bar_chart, line_chart
from qms.lib.forms import add_service_errors
from qms.lib.jobs.exports import export_start
from qms.lib.jobs.queue import has_worker
from qms.lib.pagination import Paginator

# Who reads the results: the ISO team, the leaders and the province's supervisor.
READERS = REVIEW_READERS
PAGE_SIZE = 20
NOT_A_COMPLAINT = gettext_lazy(
    "Only a very low answer (1 or 2) or a comment flagged negative becomes a complaint."
)


def render_satisfaction(request, template: str, context: dict, *, tab: str, agency=None):
    """A satisfaction page with its tabs and the person's permissions on the agency."""
    agency = agency or request.agency
    context = {
        **context,
        "tabs": [
            {
                "label": label,
                "url": reverse(name),
                "active": key == tab,
            }
            for key, label, name in (
                ("results", _("Results"), "audits:satisfaction-results"),
                ("surveys", _("Surveys"), "audits:satisfaction-survey-list"),
            )
        ],
        "perms_here": agency_permissions(request.user, agency),
    }
    return render(request, template, context)


def _filters(request):
    form = ResultsFilterForm(request.GET or None, agency=request.agency)
    if request.GET and form.is_valid():
        return form, form.cleaned_data
    defaults = ResultsFilterForm({}, agency=request.agency)
    defaults.is_valid()
    return form, defaults.cleaned_data


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _charts(rate_by_month, figures, target: int) -> dict:
    month_labels = [formats.date_format(month, "m/Y") for month, _rate in rate_by_month]
    trend = line_chart(
        title=_("Satisfaction rate by month"),
        labels=month_labels,
        series=[Series(_("Satisfaction rate"), [rate.percent for _m, rate in rate_by_month])],
        unit=" %",
        max_value=100,
        target=target,
        target_label=_("Target %(n)s %%") % {"n": target},
        y_label=_("Satisfied (%)"),
    )
    questions = bar_chart(
        title=_("Share of answers at 4–5, per question"),
        labels=[str(n) for n in range(1, len(figures) + 1)],
        values=[figure.percent for figure in figures],
        unit=" %",
        max_value=100,
        target=target,
        target_label=_("Target %(n)s %%") % {"n": target},
        y_label=_("Satisfied (%)"),
    )
    return {"trend_chart": trend, "question_chart": questions}


@agency_permission_required(*READERS)
def results(request):
    form, filters = _filters(request)
    responses = responses_of(agency=request.agency, **filters)
    rate, target = rate_of(responses), target_percent()
    figures = question_figures(responses)
    by_month = monthly_rates(responses, start=filters["start"], end=filters["end"])
    page = Paginator(remarks(responses), PAGE_SIZE).get_page(request.GET.get("page"))
    can_register = bool(set(REGISTRARS) & agency_permissions(request.user, request.agency))
    for response in page:
        open_answer = can_register and response.nonconformity_id is None
        response.can_complain = open_answer and response.may_become_complaint
        # A comment on an answer that is not very low needs a person's reading first.
        response.can_flag = (
            open_answer and bool(response.comment) and not response.may_become_complaint
        )
    return render_satisfaction(
        request,
        "audits/satisfaction/results.html",
        {
            "form": form,
            "filters": filters,
            "rate": rate,
            "target": target,
            "earlier_target": earlier_target_percent(),
            "meets_target": rate.meets(target),
            "figures": figures,
            "months": [(month, r) for month, r in by_month],
            "page": page,
            "query": _query(request),
            # On first use the page offers the default survey.
            "has_surveys": Survey.objects.filter(agency=request.agency).exists(),
            **_charts(by_month, figures, target),
        },
        tab="results",
    )


@agency_permission_required(*READERS)
def export(request):
    """The answers as a workbook; with a worker, written by the queue while the export's
    page says it is in progress."""
    _form, filters = _filters(request)
    name = f"khao-sat-{request.agency.code}-{filters['start']:%Y%m%d}-{filters['end']:%Y%m%d}"
    if has_worker():
        export = export_start(
            owner=request.user,
            name=f"{name}.xlsx",
            task=satisfaction_export_run,
            **satisfaction_export_args(request.agency, filters),
        )
        return redirect("export-detail", export.pk)
    response = HttpResponse(
        satisfaction_xlsx(request.agency, filters),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _complaint_initial(answer: SurveyResponse) -> dict:
    survey = answer.survey
    title = _("Citizen feedback in the satisfaction survey “%(survey)s”") % {"survey": survey.title}
    lines = [answer.comment] if answer.comment else []
    lines.append(
        _("Overall satisfaction: %(overall)s/5; lowest answer: %(lowest)s/5.")
        % {"overall": answer.overall, "lowest": answer.lowest}
    )
    return {"title": title[:255], "description": "\n".join(lines)}


@login_required
def complaint(request, pk: int):
    """One step from a very low answer or a negative comment to a complaint in the register."""
    answer = get_in_agency_or_404(
        request,
        SurveyResponse.objects.select_related("survey__unit", "nonconformity"),
        pk,
        *REGISTRARS,
    )
    if answer.nonconformity_id:
        return redirect("audits:nonconformity-detail", answer.nonconformity_id)
    if not answer.may_become_complaint:
        messages.error(request, NOT_A_COMPLAINT)
        return redirect("audits:satisfaction-results")
    form = ComplaintForm(request.POST or None, initial=_complaint_initial(answer))
    if request.method == "POST" and form.is_valid():
        try:
            nonconformity = response_to_complaint(
                response=answer, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Registered as %(code)s.") % {"code": nonconformity.code})
            return redirect("audits:nonconformity-detail", nonconformity.pk)
    return render_satisfaction(
        request,
        "audits/satisfaction/complaint_form.html",
        {
            "form": form,
            "answer": answer,
            "answers": answer.answers.select_related("question").order_by("question__position"),
        },
        tab="results",
        agency=answer.agency,
    )


@require_POST
@login_required
def flag_negative(request, pk: int):
    """Flag an answer's comment as negative, so that it may become a complaint."""
    answer = get_in_agency_or_404(request, SurveyResponse.objects.all(), pk, *REGISTRARS)
    try:
        response_flag_negative(response=answer, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Comment flagged negative: it may now become a complaint."))
    return redirect(reverse("audits:satisfaction-results") + "#remarks")


urlpatterns = [
    path("satisfaction/", results, name="satisfaction-results"),
    path("satisfaction/export.xlsx", export, name="satisfaction-export"),
    path(
        "satisfaction/answers/<int:pk>/complaint/",
        complaint,
        name="satisfaction-response-complaint",
    ),
    path(
        "satisfaction/answers/<int:pk>/flag/",
        flag_negative,
        name="satisfaction-response-flag",
    ),
]
