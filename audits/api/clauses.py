"""The clause view over the API: each clause of an agency's edition with the evidence the
system holds and the status derived from it, on any day, as on the web page. The agency's own
people get the codes of the documents that serve a clause; a supervisor gets their number, as
the Sở reads the page."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from audits.selectors.clauses import clause_view
from qms.api.scope import member_agencies, visible_agencies


class ClauseQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(
        required=False, help_text="The day of the evidence (YYYY-MM-DD); today if left out."
    )


class LastAuditSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    report_approved_on = serializers.DateField()


class ClauseRowSerializer(serializers.Serializer):
    number = serializers.CharField(source="clause.number")
    title = serializers.CharField(source="clause.title")
    # How the clause changed from the previous edition: unchanged, changed, new; "" for an
    # edition that replaces none.
    change = serializers.CharField(source="clause.change")
    status = serializers.CharField(help_text="covered, attention or none")
    status_label = serializers.CharField()
    reasons = serializers.SerializerMethodField()
    documents = serializers.IntegerField(source="documents_count")
    document_codes = serializers.ListField(
        child=serializers.CharField(),
        help_text="The codes of the documents serving it; empty for a supervisor, who reads "
        "their number only.",
    )
    last_audit = serializers.SerializerMethodField()
    open_nonconformities = serializers.IntegerField()
    open_major_nonconformities = serializers.IntegerField(source="open_major")
    objectives = serializers.IntegerField()
    risks = serializers.IntegerField(help_text="Open risks and opportunities on the clause.")

    def get_reasons(self, row) -> list[str]:
        return [str(reason) for reason in row.reasons]

    @extend_schema(responses=LastAuditSerializer(allow_null=True))
    def get_last_audit(self, row) -> dict | None:
        if row.last_audit is None:
            return None
        pk, code, approved_on = row.last_audit
        return {"id": pk, "code": code, "report_approved_on": approved_on}


class ClauseViewSerializer(serializers.Serializer):
    agency = serializers.CharField()
    edition = serializers.CharField()
    as_of = serializers.DateField()
    clauses = ClauseRowSerializer(many=True)


class ClauseViewSet(viewsets.ViewSet):
    """Each clause of an agency's edition of ISO 9001 with its evidence and derived status, at
    ``clauses/<agency code>/``. An agency the caller may not read is a 404."""

    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    @extend_schema(parameters=[ClauseQuerySerializer], responses=ClauseViewSerializer)
    def retrieve(self, request, code=None):
        query = ClauseQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        agency = visible_agencies(request.user).filter(code=code).first()
        if agency is None:
            raise NotFound
        as_of = query.validated_data.get("as_of") or timezone.localdate()
        own = member_agencies(request.user).filter(pk=agency.pk).exists()
        rows = clause_view(agency, on=as_of)
        for row in rows:
            row.documents_count = len(row.documents)
            row.document_codes = [code for _pk, code, _title in row.documents] if own else []
        data = {
            "agency": agency.code,
            "edition": agency.iso_version,
            "as_of": as_of,
            "clauses": rows,
        }
        return Response(ClauseViewSerializer(data).data)
