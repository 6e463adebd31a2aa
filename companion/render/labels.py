"""`companion validate`'s warnings about the words props print (campaign/labels.py): a label a
prop prints in a language with no word for it, and a label of the campaign's own that no prop
prints."""

from __future__ import annotations

from companion.campaign.files import CAMPAIGN_FILE, entity_file
from companion.campaign.labels import english_of, label_table, prop_labels
from companion.campaign.marked_yaml import load_yaml
from companion.campaign.models import Campaign
from companion.campaign.player_names import kind_title_label, own_title
from companion.errors import Problem
from companion.hints import did_you_mean


def label_warnings(campaign: Campaign) -> list[Problem]:
    """Each label a prop prints in a language with no word for it (it prints the English), and
    each label of campaign.yaml's `labels:` that no prop prints."""
    problems = _unknown_keys(campaign)
    for handout_id, handout in campaign.handouts.items():
        path = entity_file(campaign.root, "handouts", handout_id)
        if not path.is_file():  # made by the loader (an automatic dossier)
            continue
        printed = [*handout.printed_labels(campaign), *handout.parts_labels(campaign)]
        if not own_title(campaign, handout):
            printed.append((kind_title_label(handout), handout.prop_language(campaign)))
        missing = [
            (key, language)
            for key, language in dict.fromkeys(printed)
            if not prop_labels(language, campaign.info.labels).has(key)
        ]
        if not missing:
            continue
        document = load_yaml(path)
        where = ("language",) if handout.language else ("kind",)
        for key, language in missing:
            english = english_of(key)
            problems.append(
                document.problem_at(
                    where,
                    f"this prop is in `{language}`, and there is no `{language}` word for its "
                    f"label `{key}`: it prints the English, `{english}`",
                    f"give it in campaign.yaml: `labels: {{{language}: {{{key}: ...}}}}`",
                    code="label-language",
                )
            )
    return problems


def _unknown_keys(campaign: Campaign) -> list[Problem]:
    known = label_table()
    unknown = [
        (language, key)
        for language, words in campaign.info.labels.items()
        for key in words
        if key not in known
    ]
    if not unknown:
        return []
    document = load_yaml(campaign.root / CAMPAIGN_FILE)
    return [
        document.problem_at(
            ("labels", language, key),
            f"no prop prints a label `{key}`",
            did_you_mean(key, known, "label"),
            want_key=True,
            code="label-unknown",
        )
        for language, key in unknown
    ]
