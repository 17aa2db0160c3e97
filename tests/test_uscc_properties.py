"""Property tests of explainer.uscc and a cross-check against python-stdnum.

python-stdnum's ``stdnum.cn.uscc`` is an independent implementation of the
position-18 check. The two must agree on it everywhere. They disagree by design in
three places, each named by a test below:

* python-stdnum requires digits in positions 1-2; the standard allows letters
  (Y = other authorities; A and N are also in use);
* python-stdnum does not check the GB 11714 organization code (position 17);
* python-stdnum does not look positions 1-4 up in tables.

Hypothesis runs derandomized (fixed examples), so CI is not flaky.
"""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidFormat

from explainer.uscc import codes as uscc

TABLES = uscc.load_tables()
SETTINGS = settings(max_examples=300, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# The valid codes of python-stdnum's tests/test_cn_uscc.doctest (commit f3ce70c,
# 2020), "found online": published examples, not codes made up here.
PUBLISHED = """
    121200004013590816 91110000600037341L 91110000710926094P 91120224064012553U 911522010783710635
    91152201078371135X 911522010783762860 91152201078376307G 91152201078377449P 9115220107837757XE
    9115220107837941X1 91152201078382010M 911522010783887624 911522010783897302 911522010783898533
    91152201078389925U 9115220107839138X8 911522010783917502 91152201078391769Y 91152201078394644D
    91152201078395081D 91152201078395188Q 91152201078397730B 91152201082151522J 91310000631696382C
    91310000797046224D 91310112087994932F 913101127033980359 913101145852519045 913101153325803473
    91310115MA1K3BTP2B 91310116052958608G 91310116076409427L 913101203509708598 9131012056010553X5
    91320214745555318W 913205056082348768 913304007429141869 91340600MA2PBM9HXD 91340600MA2PBMA74B
    91340600MA2PBMBL5H 91340600MA2PBMDH5R 91340600MA2PBMQB9E 91340600MA2PBN188W 91340600MA2PBN831R
    91340600MA2PBNE723 91340600MA2PBNR24J 91340600MA2PBP2120 91340600MA2PBP6A1W 91340600MA2PBP6D6F
    91340600MA2PBPAG69 91340600MA2PENCC7K 91340600MA2PENWF9P 91340600MA2PEP3Y54 91340600MA2PEP518T
    91340600MA2PEP7F5B 91340600MA2PEPM918 91340600MA2PERLJ2D 91340600MA2UJY987H 91340600MA2UJYG49B
    91340602MA2UJY0D0T 91340602MA2UJY3J9W 91340602MA2UJYD90G 91340603MA2UJXXCXF 91340603MA2UJY1D7L
    91340603MA2UJYBQ7Q 91340603MA2UJYN78Q 91340603MA2UJYNU67 91340603MA2UJYUN35 91340604MA2PBQBH3P
    91340604MA2PEL1X3M 91340621MA2PBNXR7P 91340621MA2PBPDT1J 91340621MA2PBPLU08 91340621MA2PBPM015
    91340621MA2PBPM36P 91340621MA2PBPM608 91340621MA2PBPM870 91340621MA2PELDF2U 91340621MA2PEM704P
    91340621MA2PEMUHX8 91340621MA2PEMWN1C 91340621MA2PEN6Q3Y 91340621MA2PEN8W5L 91340621MA2PEP2U6U
    91340621MA2PEPJB9F 913505007821784439 91371082775260043P 914112810713741814 91420684MA4927PJ7B
    91440300568520498A 9144030071526726XG 9144060573144633XL 91442000696462712R 91620100719023721L
    91620105224521729E 91620105325333735M 91620105551270533Y 91620105556273987U 9162010555628132X1
    91620105556284969Y 91620105556287545F 91620105566408785F 91620105571627966C 91620105571630591E
    9162010558590643X0 91620105585923360D 91620105660017457X 91620105665404165K 91620105670820315R
    9162010567592034XQ 91620105686055670F 91620105686057422K 9162010569564942X9 91620105710219971E
    91620105719099574H 91620105720233128P 91620105750906995R 91620105750935948X 91620105756558274W
    91620105756580826D 91620105767707650L 91620105767728304H 91620105773422168Y 91620105784023285J
    91620105789620900B 91620105789634843P 91620105794891756D 91620105L015101280 91620105MA71T4YW8Q
    91620105MA73NBBLXE 92340602MA2PBMEM24 92340602MA2PBMG99Q 92340602MA2PBMHF45 92340602MA2PBQAH7E
    92340602MA2PEL3T3X 92340602MA2PEL453X 92340602MA2PEL605A 92340602MA2PEL7F4C 92340602MA2PEL8AXA
    92340602MA2PEP745R 92340602MA2UK2TH6F 92340602MA2UK33127 92340603MA2PBMCG0U 92340603MA2PBMD304
    92340603MA2PBMJB45 92340603MA2PBMN509 92340603MA2PBMQL04 92340603MA2PBMUF7M 92340603MA2PBMYMX1
    92340603MA2PBMYN81 92340603MA2PBN161D 92340603MA2PBN17X5 92340603MA2PBN2W0N 92340603MA2PBN508K
    92340603MA2PBNDM9R 92340603MA2PBNJA9T 92340603MA2PBNK461 92340603MA2PBNLR0R 92340603MA2PBPB95W
    92340603MA2PBQ16XJ 92340603MA2PBQ653D 92340603MA2PBQ7J4K 92340603MA2PBQ7X9E 92340603MA2PBQA912
    92340603MA2PBQBC2X 92340603MA2PBQFT7J 92340603MA2PBQGB6M 92340603MA2PBQHB2Y 92340603MA2PBQHD9N
    92340603MA2PBQUC3U 92340603MA2PBQX04X 92340603MA2PBQY862 92340603MA2PEL322G 92340603MA2PEL613K
    92340603MA2PELAF3Q 92340603MA2PELBT4W 92340603MA2PELD18T 92340603MA2PELE65C 92340603MA2PELFF5B
    92340603MA2PELHL72 92340603MA2PELKB4T 92340603MA2PELQK6M 92340603MA2PELUD4A 92340603MA2PEM480D
    92340603MA2PEN731K 92340603MA2PEN8A5W 92340603MA2PEN9F2E 92340603MA2PENAP06 92340603MA2PENCQ1M
    92340603MA2PEP42XF 92340603MA2PEPBN6L 92340603MA2PEPE82T 92340603MA2PEPM83M 92340603MA2UJXYJ3P
    92340603MA2UJY0W68 92340603MA2UJY2M7F 92340603MA2UJY9J74 92340603MA2UJYN358 92340603MA2UJYUM57
    92340603MA2UK0CN1M 92340603MA2UK0E06R 92340603MA2UK0KQ72 92340603MA2UK0ME1G 92340603MA2UK0N546
    92340603MA2UK0Q026 92340603MA2UK0QX24 92340603MA2UK0T79E 92340603MA2UK1NC4L 92340603MA2UK1PX9B
    92340603MA2UK1TD00 92340603MA2UK1UE56 92340603MA2UK2002C 92340603MA2UK215XT 92340603MA2UK23F43
    92340603MA2UK26D7B 92340603MA2UK27Y5C 92340603MA2UK28G4G 92340603MA2UK2C171 92340603MA2UK2ECXU
    92340603MA2UK2P79U 92340603MA2UK2QAXJ 92340603MA2UK2QT5Q 92340603MA2UK2R393 92340603MA2UK2TA90
    92340603MA2UK2TK0D 92340603MA2UK2UE8N 92340603MA2UK2WX6M 92340603MA2UK2XD94 92340603MA2UK2Y09C
    92340603MA2UK2YX9A 92340603MA2UK31A3N 92340603MA2UK32C6P 92340603MA2UK37U5G 92340603MA2UK3CP6U
    92340603MA2UK3CW3P 92340603MA2UK3D673 92340603MA2UK3DB8B 92340603MA2UK3DF0N 92340603MA2UK3DT5H
    92340604MA2PBME53K 92340604MA2PBMQK2P 92340604MA2PBMXF6C 92340604MA2PBN5675 92340604MA2PBNDT64
    92340604MA2PBNKM3P 92340604MA2PBNKR4Y 92340604MA2PBNP21L 92340604MA2PBNQNXM 92340604MA2PBNR83C
    92340604MA2PBNUL9N 92340604MA2PBNWH99 92340604MA2PBNXH5J 92340604MA2PBP1U3Y 92340604MA2PBP7U1T
    92340604MA2PBPHC8R 92340604MA2PBPXJ71 92340604MA2PELFQ53 92340604MA2PEM4L7X 92340604MA2PEM5Q4E
    92340604MA2PEMEE34 92340604MA2PENA300 92340604MA2UJYCE59 92340604MA2UJYPN1K 92340604MA2UK0015N
    92340604MA2UK03G7D 92340604MA2UK04L4X 92340604MA2UK07529 92340604MA2UK07M1N 92340604MA2UK08Y65
    92340604MA2UK0GC73 92340604MA2UK1GD8E 92340604MA2UK2B104 92340621MA2PBKRXXG 92340621MA2PBL318W
    92340621MA2PBLW63G 92340621MA2PBLWF76 92340621MA2PBLWK8D 92340621MA2PBLWT1Y 92340621MA2PBLX27E
    92340621MA2PBM6286 92340621MA2PBMA318 92340621MA2PBMKK45 92340621MA2PBMNMXM 92340621MA2PBMPF5T
    92340621MA2PBMQD5E 92340621MA2PBMUH3D 92340621MA2PBN0KXX 92340621MA2PBN145R 92340621MA2PBN1962
    92340621MA2PBN1H1T 92340621MA2PBN4YX0 92340621MA2PBN559X 92340621MA2PBNFH07 92340621MA2PBNGC6A
    92340621MA2PBNJ232 92340621MA2PBNTY9Y 92340621MA2PBP431L 92340621MA2PBP4A9L 92340621MA2PBP4T4M
    92340621MA2PBQ2QXW 92340621MA2PELD34J 92340621MA2PELFR3H 92340621MA2UJRKE7N 92340621MA2UJRL762
    92340621MA2UJT9WXP 92340621MA2UJTCK0M 92340621MA2UJTM785 92340621MA2UJTP42T 92340621MA2UJTQ22E
    92340621MA2UJTT13U 92340621MA2UJTTF8R 92340621MA2UJTY74U 92340621MA2UJUR13D 92340621MA2UJUUC21
    92340621MA2UJUW4X2 92340621MA2UJW3P2B 92340621MA2UJW4UXQ 92340621MA2UJW690P 92340621MA2UJW703D
    92340621MA2UJW8C8Y 92340621MA2UJW9L8W 92340621MA2UJWA961 92340621MA2UJWAE79 92340621MA2UJWBN77
    92340621MA2UJWCT2H 92340621MA2UJWE83D 92340621MA2UJWEE2G 92340621MA2UJWFB49 92340621MA2UJWG6X7
    92340621MA2UJWGB0J 92340621MA2UJWH58T 92340621MA2UJWQ634 92340621MA2UJWTX37 92340621MA2UJWYPX8
    92340621MA2UJX6C8T 92340621MA2UJX968M 92340621MA2UJXB52D 92340621MA2UJXEU6H 92340621MA2UJXF159
    92340621MA2UJXGY1G 92340621MA2UJXLD1M 92340621MA2UJY477E 92340621MA2UJYE11E 92340621MA2UJYG57G
    92340621MA2UJYJPXJ 92340621MA2UJYLF0U 92340621MA2UJYP62R 92340621MA2UK02XXW 92340621MA2UK08G9K
    92340621MA2UK0DA11 92340621MA2UK0DJ5M 92340621MA2UK0G256 92340621MA2UK0GD5H 92340621MA2UK0J08Q
    92340621MA2UK0JH77 92340621MA2UK0JX8N 92340621MA2UK0KR5Y 92340621MA2UK1229A 92340621MA2UK14Q89
    92340621MA2UK14T2Q 92340621MA2UK1JY92 92340621MA2UK1L38E 92340621MA2UK1MK35 92340621MA2UK1MN8P
    92340621MA2UK1PRX7 92340621MA2UK1W97Y 92340621MA2UK22G6N 92340621MA2UK25H3F 92340621MA2UK2BU8B
    92340621MA2UK2CD59 92340621MA2UK2EP62 92340621MA2UK2GJXF 92340621MA2UK2Q24Y 92340621MA2UK2XE71
    92340621MA2UK2XX21 92340621MA2UK30C35 92340621MA2UK31K58 92340621MA2UK338XJ 92340621MA2UK33Y2M
    92340621MA2UK3C369 92340621MA2UK3CE6L 92340621MA2UK3PJXE""".split()


# ------------------------------------------------------------------ strategies

def _pairs(tables: dict) -> list[tuple[str, str]]:
    return sorted((a, c) for a, entry in tables["authorities"].items() for c in entry["categories"])


@st.composite
def valid_codes(draw, digits_only_prefix: bool = False) -> str:
    """A code that is valid in every respect, from the tables and random characters."""
    pairs = _pairs(TABLES)
    if digits_only_prefix:
        pairs = [p for p in pairs if (p[0] + p[1]).isdigit()]
    authority, category = draw(st.sampled_from(pairs))
    province = draw(st.sampled_from(sorted(TABLES["provinces"])))
    rest = draw(st.text(alphabet=uscc.DIGITS, min_size=4, max_size=4))
    body = draw(st.text(alphabet=uscc.ALPHABET, min_size=8, max_size=8))
    return uscc.make_code(authority + category + province + rest, body)


def _other_chars(ch: str) -> list[str]:
    return [c for c in uscc.ALPHABET + uscc.EXCLUDED + "*-/" if c != ch]


# ------------------------------------------------------------------ properties

@SETTINGS
@given(valid_codes())
def test_every_generated_valid_code_validates(code):
    result = uscc.validate(code)
    assert result.valid, (code, result.errors)
    assert result.code == code


@SETTINGS
@given(valid_codes(), st.integers(0, 17), st.data())
def test_every_single_substitution_is_caught(code, index, data):
    replacement = data.draw(st.sampled_from(_other_chars(code[index])))
    if replacement == "-":  # a hyphen is dropped by normalization: that is a deletion
        assert uscc.validate(code[:index] + "-" + code[index + 1:]).errors[0].startswith("Length")
        return
    changed = code[:index] + replacement + code[index + 1:]
    assert not uscc.validate(changed).valid, (code, changed)


@SETTINGS
@given(valid_codes(), st.integers(0, 16))
def test_every_adjacent_transposition_is_caught(code, index):
    if code[index] == code[index + 1]:
        return
    swapped = code[:index] + code[index + 1] + code[index] + code[index + 2:]
    assert not uscc.validate(swapped).valid, (code, swapped)


def test_every_substitution_and_transposition_of_a_published_example_is_caught():
    for code in ("91350100M000100Y43", "91110000600037341L"):
        for index in range(18):
            for ch in _other_chars(code[index]):
                if ch != "-":
                    assert not uscc.validate(code[:index] + ch + code[index + 1:]).valid
            if index < 17 and code[index] != code[index + 1]:
                assert not uscc.validate(code[:index] + code[index + 1] + code[index] + code[index + 2:]).valid


@SETTINGS
@given(valid_codes(), st.lists(st.sampled_from([" ", "-", "\u3000"]), min_size=1, max_size=4), st.randoms())
def test_spacing_and_case_do_not_matter(code, separators, rnd):
    loose = list(code.lower())
    for separator in separators:
        loose.insert(rnd.randint(0, len(loose)), separator)
    result = uscc.validate("".join(loose))
    assert result.valid and result.code == code


# ------------------------------------------------------------------ python-stdnum

@SETTINGS
@given(st.text(alphabet=uscc.ALPHABET, min_size=17, max_size=17))
def test_check_character_agrees_with_stdnum(first17):
    assert uscc.check_character(first17) == stdnum_uscc.calc_check_digit(first17)


def test_stdnum_agrees_on_thousands_of_random_codes():
    """5,000 random codes stdnum accepts the format of: same verdict on position 18."""
    rnd = random.Random(32100)
    agreed = 0
    for _ in range(5000):
        code = "".join(rnd.choice(uscc.DIGITS) for _ in range(8))
        code += "".join(rnd.choice(uscc.ALPHABET) for _ in range(10))
        if rnd.random() < 0.5:  # half of them with the right check character
            code = code[:17] + uscc.check_character(code[:17])
        ours = uscc.validate(code)
        our_check_ok = not any(e.startswith("Position 18") for e in ours.errors)
        assert stdnum_uscc.is_valid(code) == our_check_ok, code
        agreed += 1
    assert agreed == 5000


@SETTINGS
@given(valid_codes(digits_only_prefix=True))
def test_stdnum_accepts_generated_codes_with_digit_prefixes(code):
    assert stdnum_uscc.is_valid(code)


def test_published_examples_pass_both():
    assert len(PUBLISHED) == 383
    for code in PUBLISHED:
        result = uscc.validate(code)
        assert result.valid, (code, result.errors)
        assert stdnum_uscc.is_valid(code)
        assert result.parts["check"]["expected"] == stdnum_uscc.calc_check_digit(code)


def test_stdnum_failing_examples_fail_here_too():
    for code in ("A1110000600037341L", "9111000060003IOZSV", "91110000600037341N", "12345"):
        assert not stdnum_uscc.is_valid(code)
        assert not uscc.validate(code).valid


# Disagreements by design, each named.

@pytest.mark.parametrize("prefix8, body", [("Y1820000", "EXAMP1EA"), ("A1110000", "EXAMP1EC"),
                                           ("N2370781", "EXAMP1ED")])
def test_stdnum_rejects_letters_in_positions_1_2_which_the_standard_allows(prefix8, body):
    code = uscc.make_code(prefix8, body)
    assert uscc.validate(code).valid
    with pytest.raises(InvalidFormat):
        stdnum_uscc.validate(code)
    # ... but the two still agree on the check character.
    assert stdnum_uscc.calc_check_digit(code) == code[17]


def test_stdnum_does_not_check_the_organization_code():
    first17 = "91350100M000100Y5"  # organization-code check should be 4
    code = first17 + uscc.check_character(first17)
    assert stdnum_uscc.is_valid(code)
    assert uscc.validate(code).errors == [
        "Positions 9–17: the organization code fails its GB 11714 check: position 17 should be “4”, not “5”."]


@pytest.mark.parametrize("first16, org, kind", [
    ("01350100M000100Y", "4", "authority"),   # no authority 0
    ("94350100M000100Y", "4", "category"),    # industry and commerce has no category 4
    ("91990000M000100Y", "4", "division"),    # 99 is no province-level unit
])
def test_stdnum_does_not_look_up_the_tables(first16, org, kind):
    code = first16 + org + uscc.check_character(first16 + org)
    assert stdnum_uscc.is_valid(code)
    errors = uscc.validate(code).errors
    assert len(errors) == 1 and uscc.message_pattern(kind).match(errors[0])


def test_stdnum_does_not_read_full_width_characters():
    full_width = "９１１１００００６０００３７３４１Ｌ"
    assert uscc.validate(full_width).valid
    assert not stdnum_uscc.is_valid(full_width)
