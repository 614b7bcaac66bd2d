from documents.models.clauses import IsoClause, IsoEdition
from documents.models.copies import (
    Acknowledgement,
    CopyRendering,
    Distribution,
    ReadingReminder,
    SigningCertificate,
)
from documents.models.documents import Document, DocumentReview, DocumentType
from documents.models.external import ExternalDocument
from documents.models.paper import PaperIssueEntry, PaperSignature
from documents.models.records import RecordDisposal
from documents.models.revisions import (
    ApprovalDecision,
    ChangeRequest,
    ProcedureStep,
    RecordItem,
    Revision,
)
from documents.models.withdrawals import WithdrawalRequest

__all__ = [
    "Acknowledgement",
    "CopyRendering",
    "Distribution",
    "ReadingReminder",
    "SigningCertificate",
    "ApprovalDecision",
    "ChangeRequest",
    "Document",
    "DocumentReview",
    "DocumentType",
    "ExternalDocument",
    "IsoClause",
    "IsoEdition",
    "PaperIssueEntry",
    "PaperSignature",
    "ProcedureStep",
    "RecordDisposal",
    "RecordItem",
    "Revision",
    "WithdrawalRequest",
]
