"""The campaign as data: pydantic models of every file kind, split by entity; GM-only fields
are marked in the schema itself. Import from here; each module holds one entity."""

from companion.campaign.models.base import (
    DEFAULT_HAND as DEFAULT_HAND,
)
from companion.campaign.models.base import (
    GM_ONLY as GM_ONLY,
)
from companion.campaign.models.base import (
    MAX_TEXT as MAX_TEXT,
)
from companion.campaign.models.base import (
    MAX_TITLE as MAX_TITLE,
)
from companion.campaign.models.base import (
    SLUG_PATTERN as SLUG_PATTERN,
)
from companion.campaign.models.base import (
    TYPED_HANDS as TYPED_HANDS,
)
from companion.campaign.models.base import (
    Cell as Cell,
)
from companion.campaign.models.base import (
    Check as Check,
)
from companion.campaign.models.base import (
    HandName as HandName,
)
from companion.campaign.models.base import (
    KindCheck as KindCheck,
)
from companion.campaign.models.base import (
    Markdown as Markdown,
)
from companion.campaign.models.base import (
    Paper as Paper,
)
from companion.campaign.models.base import (
    Reference as Reference,
)
from companion.campaign.models.base import (
    Slug as Slug,
)
from companion.campaign.models.base import (
    Strict as Strict,
)
from companion.campaign.models.base import (
    Title as Title,
)
from companion.campaign.models.base import (
    gm_only as gm_only,
)
from companion.campaign.models.campaign import (
    Campaign as Campaign,
)
from companion.campaign.models.handouts import (
    CONCEALED_TEXT_FIELD as CONCEALED_TEXT_FIELD,
)
from companion.campaign.models.handouts import (
    REDACTION_CHAR as REDACTION_CHAR,
)
from companion.campaign.models.handouts import (
    Addition as Addition,
)
from companion.campaign.models.handouts import (
    CampaignView as CampaignView,
)
from companion.campaign.models.handouts import (
    Concealable as Concealable,
)
from companion.campaign.models.handouts import (
    EdgesWear as EdgesWear,
)
from companion.campaign.models.handouts import (
    Envelope as Envelope,
)
from companion.campaign.models.handouts import (
    HandoutBase as HandoutBase,
)
from companion.campaign.models.handouts import (
    PaperWear as PaperWear,
)
from companion.campaign.models.handouts import (
    Posted as Posted,
)
from companion.campaign.models.handouts import (
    Postmark as Postmark,
)
from companion.campaign.models.handouts import (
    Redaction as Redaction,
)
from companion.campaign.models.handouts import (
    TypewriterFaults as TypewriterFaults,
)
from companion.campaign.models.handouts import (
    authors_hand as authors_hand,
)
from companion.campaign.models.handouts import (
    redaction_bar as redaction_bar,
)
from companion.campaign.models.info import (
    BUILT_IN as BUILT_IN,
)
from companion.campaign.models.info import (
    CampaignInfo as CampaignInfo,
)
from companion.campaign.models.info import (
    Organisation as Organisation,
)
from companion.campaign.models.info import (
    first_named as first_named,
)
from companion.campaign.models.info import (
    organisations as organisations,
)
from companion.campaign.models.kinds import (
    COMMON_STAMPS as COMMON_STAMPS,
)
from companion.campaign.models.kinds import (
    HANDOUT_KINDS as HANDOUT_KINDS,
)
from companion.campaign.models.kinds import (
    HANDOUT_MODELS as HANDOUT_MODELS,
)
from companion.campaign.models.kinds import (
    HANDWRITTEN_FIELDS as HANDWRITTEN_FIELDS,
)
from companion.campaign.models.kinds import (
    MAX_NOTE_TEXT as MAX_NOTE_TEXT,
)
from companion.campaign.models.kinds import (
    MAX_RANSOM_TEXT as MAX_RANSOM_TEXT,
)
from companion.campaign.models.kinds import (
    Article as Article,
)
from companion.campaign.models.kinds import (
    CardFace as CardFace,
)
from companion.campaign.models.kinds import (
    CardField as CardField,
)
from companion.campaign.models.kinds import (
    CardHandout as CardHandout,
)
from companion.campaign.models.kinds import (
    CipherHandout as CipherHandout,
)
from companion.campaign.models.kinds import (
    ClippingHandout as ClippingHandout,
)
from companion.campaign.models.kinds import (
    ClippingReverse as ClippingReverse,
)
from companion.campaign.models.kinds import (
    DossierField as DossierField,
)
from companion.campaign.models.kinds import (
    DossierHandout as DossierHandout,
)
from companion.campaign.models.kinds import (
    DossierSection as DossierSection,
)
from companion.campaign.models.kinds import (
    FormField as FormField,
)
from companion.campaign.models.kinds import (
    FormHandout as FormHandout,
)
from companion.campaign.models.kinds import (
    FormStamp as FormStamp,
)
from companion.campaign.models.kinds import (
    FormTable as FormTable,
)
from companion.campaign.models.kinds import (
    Handout as Handout,
)
from companion.campaign.models.kinds import (
    LetterHandout as LetterHandout,
)
from companion.campaign.models.kinds import (
    MapHandout as MapHandout,
)
from companion.campaign.models.kinds import (
    MatchboxHandout as MatchboxHandout,
)
from companion.campaign.models.kinds import (
    MatchboxLabel as MatchboxLabel,
)
from companion.campaign.models.kinds import (
    NoteHandout as NoteHandout,
)
from companion.campaign.models.kinds import (
    Passage as Passage,
)
from companion.campaign.models.kinds import (
    PosterHandout as PosterHandout,
)
from companion.campaign.models.kinds import (
    RansomHandout as RansomHandout,
)
from companion.campaign.models.kinds import (
    TelegramHandout as TelegramHandout,
)
from companion.campaign.models.kinds import (
    kind_name as kind_name,
)
from companion.campaign.models.location import (
    Location as Location,
)
from companion.campaign.models.people import (
    Classification as Classification,
)
from companion.campaign.models.people import (
    DossierFieldKey as DossierFieldKey,
)
from companion.campaign.models.people import (
    DossierSectionKey as DossierSectionKey,
)
from companion.campaign.models.people import (
    FileWordKey as FileWordKey,
)
from companion.campaign.models.people import (
    Npc as Npc,
)
from companion.campaign.models.people import (
    Person as Person,
)
from companion.campaign.models.people import (
    Player as Player,
)
from companion.campaign.models.people import (
    Relationship as Relationship,
)
from companion.campaign.models.people import (
    StampColour as StampColour,
)
from companion.campaign.models.people import (
    StampText as StampText,
)
from companion.campaign.models.plan import (
    FURNITURE_SIZES as FURNITURE_SIZES,
)
from companion.campaign.models.plan import (
    MAX_EXTENT as MAX_EXTENT,
)
from companion.campaign.models.plan import (
    MAX_POINTS as MAX_POINTS,
)
from companion.campaign.models.plan import (
    SCALE_PATTERN as SCALE_PATTERN,
)
from companion.campaign.models.plan import (
    WALLS_NAMED as WALLS_NAMED,
)
from companion.campaign.models.plan import (
    Coordinate as Coordinate,
)
from companion.campaign.models.plan import (
    Door as Door,
)
from companion.campaign.models.plan import (
    Extent as Extent,
)
from companion.campaign.models.plan import (
    FloorPlan as FloorPlan,
)
from companion.campaign.models.plan import (
    Furniture as Furniture,
)
from companion.campaign.models.plan import (
    FurnitureKind as FurnitureKind,
)
from companion.campaign.models.plan import (
    Label as Label,
)
from companion.campaign.models.plan import (
    Length as Length,
)
from companion.campaign.models.plan import (
    Mark as Mark,
)
from companion.campaign.models.plan import (
    Point as Point,
)
from companion.campaign.models.plan import (
    Room as Room,
)
from companion.campaign.models.plan import (
    Scale as Scale,
)
from companion.campaign.models.plan import (
    Wall as Wall,
)
from companion.campaign.models.plan import (
    WallRef as WallRef,
)
from companion.campaign.models.plan import (
    Window as Window,
)
from companion.campaign.models.story import (
    Clue as Clue,
)
from companion.campaign.models.story import (
    ClueBook as ClueBook,
)
from companion.campaign.models.story import (
    ClueWhere as ClueWhere,
)
from companion.campaign.models.story import (
    Conclusion as Conclusion,
)
from companion.campaign.models.story import (
    Scene as Scene,
)
from companion.campaign.models.vocabulary import (
    LocationKind as LocationKind,
)
from companion.campaign.models.vocabulary import (
    MarkKind as MarkKind,
)
from companion.campaign.models.vocabulary import (
    StatusWord as StatusWord,
)
from companion.campaign.models.vocabulary import (
    Vocabulary as Vocabulary,
)
