"""What the portal tells investors and B2B participants about their personal data, and for how
long it keeps them.

Legal basis: Decree 13/2023/NĐ-CP on personal data protection (17/04/2023, in force from
01/07/2023). Read in the codified text of the Code of Law (Bộ pháp điển, topic "An ninh mạng",
articles 1.11.NĐ.1.9 to 1.11.NĐ.1.16), as published in the public copy
github.com/diepxuan/diepxuan.github.io, file van-ban/an-ninh-quoc-gia/an-ninh-mang.md:
- Article 9: the data subject's rights (to know, consent, access, withdraw, erase, obtain data);
- Article 11: consent is valid only when the person knows the kind of data, the purpose, who
  processes them and their rights (cl. 2); it is given by an explicit act such as ticking a box
  (cl. 3) and in a form that can be printed or copied (cl. 5); silence is not consent (cl. 6);
- Article 13: the notice says the purpose, the kinds of data, how they are processed, the other
  organisations involved, unwanted consequences, and when processing starts and ends (cl. 2);
- Article 14: data are provided to the data subject within 72 hours of the request (cl. 3);
- Article 16: erasure is done within 72 hours of the request (cl. 5).
The retention periods are the cities' decision, not the decree's; change them here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ENQUIRY_RETENTION_MONTHS = 24  # after the last exchange
PARTICIPANT_RETENTION_MONTHS = 12  # after the event day
DECREE = "Nghị định 13/2023/NĐ-CP"

NOTICES = {
    "enquiry": {
        "data": _("your name, e-mail address, company, country and what you write to us"),
        "purpose": _(
            "to answer your enquiry and follow it up (aftercare); nothing else, and never for "
            "advertising"
        ),
        "who": _(
            "the investment promotion agency of the city you write to, and of its partner city "
            "when your question concerns both"
        ),
        "retention": _(
            "24 months after our last exchange; then they are erased. You can ask for them to be "
            "erased sooner."
        ),
    },
    "participant": {
        "data": _(
            "the contact person's name and e-mail address, your company's name, country and "
            "profile, and your meeting requests"
        ),
        "purpose": _(
            "to organise the B2B day: suggest partners, arrange and remind you of your meetings"
        ),
        "who": _("the organising city and the other participants who see your company profile"),
        "retention": _(
            "12 months after the event day; then they are erased. You can ask for them to be "
            "erased sooner."
        ),
    },
}

RIGHTS = _(
    "You may see your data, download them, withdraw your consent or have them erased at any "
    "time from your private page; we do it within 72 hours (Decree 13/2023/NĐ-CP, Articles 9, "
    "14 and 16)."
)
CONSENT_LABEL = _(
    "I have read what is kept, why and for how long, and I agree that my personal data are "
    "processed for this purpose (Decree 13/2023/NĐ-CP, Article 11)."
)
CONSENT_REQUIRED = _(
    "Please tick the box to agree: without your consent we cannot keep your data (Decree "
    "13/2023/NĐ-CP, Article 11)."
)
