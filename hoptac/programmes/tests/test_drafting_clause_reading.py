"""Which clauses hold promises, by what a promise is (an agent, then an act it is bound to), read
on the errors of the published parts `heldout5`–`heldout9` (2026-12-07). The sentences here are
invented in the patterns of each class, none is a labelled sentence: a rule that only matched
the published wording would fail them."""

from __future__ import annotations

import pytest

from hoptac.programmes.drafting import split_promises
from hoptac.programmes.drafting.clauses import _verb_after_subject
from hoptac.programmes.drafting.fields import FieldModel

pytestmark = [pytest.mark.django_db, pytest.mark.backend_neutral]


def _promises(sentence: str) -> list[str]:
    from hoptac.core.models import CooperationField

    return [
        p for p, _ in split_promises(sentence, FieldModel(list(CooperationField.objects.all())))
    ]


# --- The act after a subject longer than the lexicon's window ---------------------------------


def test_the_act_after_a_long_subject_of_bodies_is_found():
    sentence = (
        "Các phòng chuyên môn, các trường học, trạm y tế và đồn biên phòng của hai xã thường "
        "xuyên phối hợp kiểm tra an toàn thực phẩm tại chợ biên giới."
    )
    at = _verb_after_subject(sentence)
    assert at is not None and sentence.split()[at : at + 2] == ["phối", "hợp"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Tại buổi làm việc, hai bên phối hợp tổ chức hội chợ.",  # an adverbial, not a subject
        "Kinh tế, văn hóa, y tế, du lịch và nông nghiệp của hai huyện phát triển mạnh.",  # no agent
        "Các doanh nghiệp của hai tỉnh là đối tác tin cậy.",  # the verb only states
    ],
)
def test_no_act_after_a_subject_that_is_none(sentence):
    assert _verb_after_subject(sentence) is None


def test_a_promise_whose_long_subject_names_kinds_of_body_is_read(vocabulary):
    promises = _promises(
        "Các phòng chuyên môn, các trường học, trạm y tế và đồn biên phòng của hai xã thường "
        "xuyên phối hợp kiểm tra an toàn thực phẩm tại chợ biên giới."
    )
    assert len(promises) == 1 and "kiểm tra an toàn thực phẩm" in promises[0]


def test_domains_that_develop_are_no_promise(vocabulary):
    sentence = "Kinh tế, văn hóa, y tế, du lịch và nông nghiệp của hai huyện phát triển mạnh."
    assert _promises(sentence) == []


# --- What the parties agree to, or their document states, whatever the report around it -------


@pytest.mark.parametrize(
    ("sentence", "act"),
    [
        (
            "Tại buổi làm việc chiều 5/3, lãnh đạo hai huyện đã trao đổi, thống nhất sớm xây "
            "dựng quy chế phối hợp tuần tra biên giới.",
            "xây dựng quy chế phối hợp tuần tra biên giới",
        ),
        (
            "Trên cơ sở đó, hai trường đã ký kết bản ghi nhớ, theo đó, hai bên cam kết sẽ trao "
            "đổi giảng viên và sinh viên trong ba năm học tới.",
            "trao đổi giảng viên và sinh viên",
        ),
        (
            "Biên bản cũng nêu rõ hai tỉnh phải đẩy mạnh hợp tác đào tạo nghề cho thanh niên "
            "vùng biên.",
            "đẩy mạnh hợp tác đào tạo nghề cho thanh niên",
        ),
    ],
)
def test_the_content_of_an_agreement_reported_as_news_is_a_promise(vocabulary, sentence, act):
    promises = _promises(sentence)
    assert promises and act in " ".join(promises).lower()
    assert not any("ký kết" in p or "Tại buổi" in p for p in promises)


@pytest.mark.parametrize(
    "sentence",
    [
        "Hai trường ký kết thỏa thuận hợp tác về đào tạo.",  # the signing, a noun after it
        "Thời gian qua, hai huyện đã thống nhất triển khai nhiều hoạt động giao lưu.",  # done
        "Ông Nguyễn Văn A khẳng định sự thống nhất cao giữa hai bên.",  # a noun, speech
    ],
)
def test_no_agreement_is_read_where_none_binds(vocabulary, sentence):
    assert _promises(sentence) == []


# --- What happened, who attended, what something is for ---------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        # the day of the report opening the sentence: what happened that day
        "Sáng 14/2, Sở Y tế tỉnh Bắc Giang tổ chức hội nghị tổng kết công tác năm.",
        "Chiều 3/10, đoàn công tác của thành phố Hải Phòng đến làm việc với tỉnh Lào Cai.",
        # the signing held as an event
        "UBND huyện Mường Khương tổ chức lễ ký kết chương trình phối hợp với Hội Nông dân.",
        "Lãnh đạo hai sở tiến hành ký kết quy chế phối hợp công tác.",
        # who attended
        "Các đại biểu dự hội đàm tại trụ sở UBND huyện.",
        "Dự và chủ trì hội nghị có đồng chí Bí thư Tỉnh ủy.",
        # the aim of something named
        "Hoạt động này nhằm tăng cường tình hữu nghị giữa hai địa phương.",
        "Việc hợp tác nhằm thực hiện ba mục tiêu phát triển vùng biên.",
    ],
)
def test_reports_of_the_event_are_no_promise(vocabulary, sentence):
    assert _promises(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Ngày 20/5/2027, hai bên sẽ tổ chức diễn đàn đầu tư tại Lào Cai.",  # a day to come
        "Hai bên phối hợp tổ chức hội chợ nhằm quảng bá sản phẩm của hai tỉnh.",  # an act's aim
        "Hai sở sẽ tổ chức lễ ký kết quy chế phối hợp vào quý III/2026.",  # a signing to come
    ],
)
def test_promises_of_those_shapes_stay(vocabulary, sentence):
    assert _promises(sentence)


# --- A list of fields after the act (helper h5/draft, read on the ceiling's misses) ------------


def test_a_list_of_fields_after_the_act_is_one_promise_per_field(vocabulary):
    promises = _promises(
        "Hai bên sẽ tăng cường hợp tác giữa các lĩnh vực khoa học và công nghệ, nông nghiệp, "
        "y tế, cũng như bảo vệ môi trường."
    )
    assert [p[:1].upper() + p[1:] for p in promises] == [
        "Tăng cường hợp tác trong lĩnh vực khoa học và công nghệ",
        "Tăng cường hợp tác trong lĩnh vực nông nghiệp",
        "Tăng cường hợp tác trong lĩnh vực y tế",
        "Tăng cường hợp tác trong lĩnh vực bảo vệ môi trường",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # The fields are described, not listed.
        "Hai bên thúc đẩy hợp tác trong những lĩnh vực mà hai bên có tiềm năng, lợi thế.",
        # One item is a clause, not a field's name.
        "Hai bên mở rộng hợp tác trên các lĩnh vực du lịch, văn hóa và cử đoàn cán bộ sang "
        "học tập kinh nghiệm quản lý các khu du lịch cộng đồng tại mỗi tỉnh.",
        # "ở các lĩnh vực" qualifies what is trained, it lists no promises.
        "Trường sẽ đào tạo nguồn nhân lực theo nhu cầu của tỉnh ở các lĩnh vực luật, kiến trúc.",
    ],
)
def test_a_list_that_names_no_fields_one_by_one_stays_one_promise(vocabulary, sentence):
    assert len(_promises(sentence)) == 1
