"""Imports every model so that metadata (and Alembic) sees the whole schema."""

from trading_floor.accounts.models import Invitation, Membership, User  # noqa: F401
from trading_floor.alerts.models import (  # noqa: F401
    DigestItem,
    NotificationPreference,
    SavedSearch,
    SummaryMark,
)
from trading_floor.authority.models import AuthorityRequest  # noqa: F401
from trading_floor.catalog.models import (  # noqa: F401
    AbuseReport,
    Category,
    ChangeCounter,
    Listing,
    ListingCertification,
    ListingChange,
    ListingImage,
    ListingStatusEvent,
    RejectionReason,
    Takedown,
)
from trading_floor.complaints.models import Complaint, ComplaintStep  # noqa: F401
from trading_floor.content.models import (  # noqa: F401
    Announcement,
    ContentRevision,
    SitePage,
)
from trading_floor.crosslisting.models import OutsideShop  # noqa: F401
from trading_floor.imports.models import ImportRun  # noqa: F401
from trading_floor.jobs.models import Job, JobConsumer  # noqa: F401
from trading_floor.legal.models import (  # noqa: F401
    ConsentRecord,
    LegalAcceptance,
    LegalDocument,
    LegalNotice,
)
from trading_floor.monitoring.models import (  # noqa: F401
    AccessEvent,
    ApiToken,
    DenominatorSpan,
    EnterpriseAccessDay,
    EnterpriseAccessYear,
    ListingPresenceChange,
    MonitoringSettings,
    ParticipationSpan,
)
from trading_floor.outreach.models import (  # noqa: F401
    Campaign,
    CampaignTarget,
    OptOut,
    OutreachSettings,
)
from trading_floor.partners.models import PartnerKey, SellerToken  # noqa: F401
from trading_floor.payments.models import (  # noqa: F401
    BankStatementImport,
    BankStatementRow,
    Payment,
    PaymentRefund,
    ProcessedWebhookEvent,
)
from trading_floor.privacy.models import PersonalDataRequest  # noqa: F401
from trading_floor.registry.models import (  # noqa: F401
    AdminUnit,
    Claim,
    ClaimDecision,
    RegistryEnterprise,
    RegistryImport,
    RegistryStatusChange,
)
from trading_floor.search.models import SynonymGroup  # noqa: F401
from trading_floor.trade.models import (  # noqa: F401
    Inquiry,
    InquiryMessage,
    Notification,
    Order,
    OrderEvent,
    OrderLine,
    Quote,
    Rfq,
)
from trading_floor.webhooks.models import (  # noqa: F401
    WebhookDelivery,
    WebhookEndpoint,
    WebhookSubjectState,
)


def include_in_migrations(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's comparison of the models with the database (`flask db check`, the migrations
    test): the PostgreSQL search backend's tables (search_*) are made by their own migration in
    SQL and have no model, so they are not a difference."""
    table = obj if type_ == "table" else getattr(obj, "table", None)
    return not (reflected and compare_to is None and table is not None
                and table.name.startswith("search_"))
