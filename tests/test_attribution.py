"""Attribution classes the rules engine once got wrong, in sentences written for these tests.

Each test is one class of error from issue #15, fixed where it arises rather than for one article.
"""
import pytest

from quotes.engines import get_engine
from quotes.extract.article import find
from quotes.model import INDIRECT


def quotes(text):
    return find(text, get_engine("rules"))


@pytest.mark.parametrize("text, content, speaker", [
    # a participle reports the speech of its clause's subject
    ("Governor Ana Ruiz defended the budget on Monday, saying the cuts would protect the schools.",
     "the cuts would protect the schools", "Governor Ana Ruiz"),
    ("On Tuesday, the union rejected the offer, arguing that the raise would not cover inflation.",
     "the raise would not cover inflation", "the union"),
    ("She praised the volunteers while noting that the shelter still needs blankets.",
     "the shelter still needs blankets", "She"),
])
def test_a_participle_after_a_clause_is_a_second_cue(text, content, speaker):
    [quote] = quotes(text)
    assert (quote.kind, quote.text, quote.speaker.mention) == (INDIRECT, content, speaker)


def test_the_participle_takes_the_speaker_of_the_quote_before_it():
    found = quotes("Council leader Tom Berg said the depot would close, adding that forty jobs would move to Leeds.")
    assert [(q.text, q.speaker.name) for q in found] == [
        ("the depot would close", "Tom Berg"), ("forty jobs would move to Leeds", "Tom Berg")]


def test_a_participle_with_an_object_reports_nothing():
    assert quotes("The mayor won a third term, adding to her majority in the council.") == []


def test_a_second_verb_of_the_same_subject_is_a_second_quote():
    found = quotes("Ella Novak, a spokeswoman for the port, praised the crews and said the cranes "
                   "would run again by Friday.")
    assert [(q.text, q.speaker.name) for q in found] == [("the cranes would run again by Friday", "Ella Novak")]


def test_a_clause_ends_where_the_cue_of_the_next_quotation_begins():
    found = quotes('Dr. Omar Reyes said the clinic had run out of vaccine, telling reporters that '
                   '"we are turning families away every day."')
    assert [(q.kind, q.text, q.speaker.name) for q in found] == [
        (INDIRECT, "the clinic had run out of vaccine", "Omar Reyes"),
        ("direct", "we are turning families away every day.", "Omar Reyes")]


def test_a_participle_before_a_quotation_takes_the_subject_of_the_cue_before_it():
    found = quotes('After the vote, a senior party strategist said the leader must choose a side, '
                   'saying, "Sooner or later she will have to tell us where she stands."')
    assert {q.speaker.mention for q in found} == {"a senior party strategist"}


def test_a_long_subject_with_a_party_tag_keeps_its_quote():
    [quote] = quotes("At a town hall on Monday morning, the county's longest-serving commissioner "
                     "Sen. Maria Lopez (D-Ariz.) said the dam was safe.")
    assert quote.text == "the dam was safe" and quote.speaker.mention.endswith("Sen. Maria Lopez (D-Ariz.)")


@pytest.mark.parametrize("text, content, source", [
    ("The levy would raise only $2 billion a year, according to the Fiscal Council - a rounding error.",
     "The levy would raise only $2 billion a year", "Fiscal Council"),
    ("Since last spring, according to the Red Cross, more than 900 families have left the valley.",
     "more than 900 families have left the valley", "Red Cross"),
])
def test_according_to_around_an_adjunct_or_a_dash(text, content, source):
    [quote] = quotes(text)
    assert (quote.text, quote.speaker.name) == (content, source)


@pytest.mark.parametrize("text, speaker", [
    ('Mayor Lina Ortiz went even further: "This bridge is a danger to every family in town."', "Mayor Lina Ortiz"),
    ('A week later, Ms. Adler wrote back: "We have no room left in the budget for this."', "Ms. Adler"),
    ('Asked whether the plant would reopen, Mr. Tanaka shot back: "Not while I run this company."',
     "Mr. Tanaka"),
])
def test_a_clause_ending_in_a_colon_introduces_its_subjects_quotation(text, speaker):
    [quote] = quotes(text)
    assert (quote.kind, quote.speaker.mention) == ("direct", speaker)


def test_a_colon_after_a_clause_with_no_subject_introduces_no_one():
    assert quotes('Estimates show a clear trend: "older voters stayed home in large numbers."') == []


@pytest.mark.parametrize("text, kind, content, speaker", [
    ('Senator Ruth Maple called the ruling "a betrayal of every renter in this city."', "mixed",
     'the ruling "a betrayal of every renter in this city', "Senator Ruth Maple"),
    # ("called for an inquiry" with only a noun is a request for a thing: tests/test_precision.py)
    ("The mayor called on the council to open an inquiry into the fire.", INDIRECT,
     "on the council to open an inquiry into the fire", "The mayor"),
    ("Ms. Okafor described the plan as a gift to landlords.", INDIRECT, "the plan as a gift to landlords",
     "Ms. Okafor"),
    ("The general declared that the siege was over.", INDIRECT, "the siege was over", "The general"),
    ('Critics called it a "storm of the decade".', "mixed", 'it a "storm of the decade', "Critics"),
])
def test_naming_and_declaring_are_speech(text, kind, content, speaker):
    [quote] = quotes(text)
    assert (quote.kind, quote.text, quote.speaker.mention) == (kind, content, speaker)


def test_calling_a_meeting_says_nothing():
    assert quotes("The council called a meeting for Friday. The union called off the strike at noon. "
                  "A new charity called Shelter Now opened its first office in the old station.") == []


def test_a_follow_up_sentence_does_not_steal_the_quotation():
    found = quotes('Mayor Helen Ortis said on Wednesday: "The bridge is rusting through." '
                   "She added that drivers should use the ring road.")
    assert [(q.text, q.speaker.name) for q in found] == [
        ("The bridge is rusting through.", "Helen Ortis"), ("drivers should use the ring road", "Helen Ortis")]


@pytest.mark.parametrize("text, speaker", [
    ('"We are troubled by these reports," Cummings and Conyers wrote.', "Cummings and Conyers"),
    ('Okafor and Lind wrote: "We are troubled by these reports."', "Okafor and Lind"),
    ('"The vote will happen this week," Ryan\'s spokeswoman, AshLee Strong, said.',
     "Ryan's spokeswoman, AshLee Strong"),
    ('"The ferry will run again in May," Ola Berg, the mayor\'s press secretary, said on Friday.',
     "Ola Berg, the mayor's press secretary"),
    ('"The ferry will run again in May," Ola Berg, Mrs. Lind\'s chief of staff, said on Friday.',
     "Ola Berg, Mrs. Lind's chief of staff"),
    ('"We raised more than we hoped," Ivo Dahl, Hughes\' campaign manager, said in a statement.',
     "Ivo Dahl, Hughes' campaign manager"),
])
def test_coordinated_and_possessive_subjects_keep_their_quote(text, speaker):
    [quote] = quotes(text)
    assert quote.speaker.mention == speaker


def test_two_clauses_joined_by_and_are_not_one_subject():
    [quote] = quotes("Sanders won Vermont and Trump said the race was over.")
    assert quote.speaker.mention == "Trump"


def test_a_relative_clause_after_a_postposed_speaker_is_not_the_content():
    [quote] = quotes("The tax would hurt families, says Ana Ruiz, who chairs the committee.")
    assert (quote.text, quote.speaker.mention) == ("The tax would hurt families", "Ana Ruiz")


def test_but_told_is_a_second_statement_of_the_same_subject():
    found = quotes("Andrea Vos backed the mayor, but told the Gazette on Monday that the vote would be close.")
    assert [(q.text, q.speaker.name, q.told_to) for q in found] == [
        ("the vote would be close", "Andrea Vos", "Gazette")]


def test_a_partial_quote_after_told_and_a_clause_is_mixed():
    [quote] = quotes('Mr. Hale told reporters he thought the inspector had "made up the whole story."')
    assert quote.kind == "mixed" and quote.text.startswith("he thought the inspector")


def test_a_participial_appositive_does_not_turn_the_sentence_around():
    [quote] = quotes("Delegate Rosa Lind, wearing a hat covered in buttons, said she was proud of the campaign.")
    assert quote.text == "she was proud of the campaign" and quote.speaker.mention.startswith("Delegate Rosa Lind")


@pytest.mark.parametrize("text, content", [
    ("Turnout will be the highest in decades, she said in a video message to the volunteers.",
     "Turnout will be the highest in decades"),
    ("The plant will reopen next month, Mr. Vos said, adding that forty jobs would return.",
     "The plant will reopen next month"),
])
def test_the_clause_before_the_subject_is_the_content_when_the_cue_reports_nothing_after_it(text, content):
    assert quotes(text)[0].text == content


def test_a_quotation_before_a_cue_that_reports_its_own_clause_is_not_its_quote():
    found = quotes('Walking in to chants of "Ana! Ana!," the senator said her campaign was "closing strong."')
    assert [q.speaker.mention for q in found] == ["the senator"]
    assert found[0].text.startswith("her campaign was")


def test_and_said_before_a_quotation_takes_the_clause_subject():
    found = quotes('Ms. Haddad nodded and said, "We will rebuild the school before winter."')
    assert [(q.kind, q.speaker.mention) for q in found] == [("direct", "Ms. Haddad")]


def test_a_cue_opening_the_next_quotation_is_not_the_cue_of_the_one_before():
    found = quotes('"We are farmers," Ms. Amiri said. "We are not smugglers." Mr. Dost said: "The border '
                   'closed without warning and our crops are rotting."')
    assert [q.speaker.mention for q in found] == ["Ms. Amiri", "Ms. Amiri", "Mr. Dost"]


def test_a_clause_ending_in_a_colon_before_a_quotation_is_not_part_of_it():
    found = quotes('In her speech, Ms. Reyes named what the town needs: "Build the school and then build '
                   'another one," she said.')
    assert [(q.kind, q.text) for q in found] == [("direct", "Build the school and then build another one")]


def test_a_request_is_not_a_quote_but_a_question_is():
    assert quotes("The senator asked voters to give him another term.") == []
    [question] = quotes("Ms. Lind asked whether the board would meet again before the vote.")
    assert question.text == "whether the board would meet again before the vote"


@pytest.mark.parametrize("text, content", [
    ("Asked about the vote, Mr. Lind said he had not decided.", "he had not decided"),
    ('Asked if he would run, Mr. Lind said: "I have not decided yet."', "I have not decided yet."),
])
def test_asked_opening_a_sentence_leaves_the_answer_to_the_speaker(text, content):
    [quote] = quotes(text)
    assert (quote.text, quote.speaker.mention) == (content, "Mr. Lind")


def test_a_press_roundup_line_gives_the_writer_the_quotation():
    text = ('Here is what the papers said.\n\nMaria Vos, The Harbour Times: "The council has failed the town '
            'again."\n\nPeter Lind, Daily Post: "This budget is a gift to landlords."')
    assert [(q.kind, q.speaker.mention) for q in quotes(text)] == [("direct", "Maria Vos"), ("direct", "Peter Lind")]


@pytest.mark.parametrize("text", [
    "Wisconsin state Rep. Ana Lind and Vermont state Sen. Bo Hale joined the march on Sunday.",
    "Our reporter Ana Lind reported from the flooded valley for three weeks.",
    "The mayor was asked about her recent remarks on the harbour at the hearing.",
])
def test_cue_words_used_as_nouns_or_without_a_report_are_no_cues(text):
    assert quotes(text) == []


def test_a_statement_around_its_cue_is_two_parts_of_one_quote():
    found = quotes("The vote would be decided, Ms. Okafor said, by the turnout in the northern towns.")
    assert [q.text for q in found] == ["The vote would be decided", "by the turnout in the northern towns"]
    assert found[0].cue_start == found[1].cue_start and found[1].speaker.mention == "Ms. Okafor"


def test_an_adjunct_between_the_cue_and_that_is_not_the_content():
    [quote] = quotes("Mr. Hale insisted at a rally in Dayton on Friday that he would stay in the race.")
    assert quote.text == "he would stay in the race"


def test_the_next_sentence_reporting_its_own_clause_does_not_take_the_quotation():
    found = quotes('Her lawyer, Ana Ruiz, said the firm was "hiding behind a gag order." He said the '
                   "contract was standard practice.")
    assert [(q.speaker.mention, q.kind) for q in found] == [("Her lawyer, Ana Ruiz", "mixed"), ("He", "indirect")]


def test_a_question_and_its_cue_stay_together_across_the_question_mark():
    [quote] = quotes('"Why would anyone build there?" Ms. Lind said about the flood plain.')
    assert quote.speaker.mention == "Ms. Lind"


@pytest.mark.parametrize("text", [
    'Mr. Hale said the town "cannot wait any longer" without reporters asking about the budget.',
    'The senator said the audit found "no reasonable basis" for the claims of the former secretary of state.',
])
def test_a_prepositional_phrase_or_a_noun_after_a_partial_quote_is_no_speaker(text):
    found = quotes(text)
    assert [q.speaker.mention for q in found] in (["Mr. Hale"], ["The senator"])
    assert found[0].kind == "mixed"


@pytest.mark.parametrize("text, speaker", [
    ("Okafor: \u2018We Will Rebuild the Harbour Before Winter.\u2019\n\nThe mayor spoke on Monday.", "Okafor"),
    ("Senator Lind on the Ferry Strike: \u2018It Has to End This Week.\u2019\n\nThe strike began in May.",
     "Senator Lind"),
    ("Digest.\n\nFERRIES LOSE MONEY AGAIN - Ana Ruiz and Bo Hale: \u201cThe ferry company lost money for "
     "the third year in a row.\u201d [Harbour Times.]", "Ana Ruiz and Bo Hale"),
])
def test_a_name_opening_a_headline_or_a_digest_item_gives_it_the_quotation(text, speaker):
    [quote] = quotes(text)
    assert (quote.kind, quote.speaker.mention) == ("direct", speaker)


@pytest.mark.parametrize("text", [
    "Update: \u201cThe ferry is running late again.\u201d",
    "Update at noon: \u201cThe ferry is running late again.\u201d",
])
def test_a_label_opening_a_line_is_no_speaker(text):
    assert quotes(text) == []


def test_a_relative_clause_in_a_postposed_subject_does_not_lose_the_quote():
    text = ("\u201cWe are very pleased\u201d with the ruling, said Ana Ruiz, head of the dockers' union, "
            "a group that has left the federation and backed the strike.")
    [quote] = quotes(text)
    assert (quote.kind, quote.speaker.name) == ("mixed", "Ana Ruiz")
    assert quote.text.startswith("\u201cWe are very pleased\u201d with the ruling")


def test_an_opening_mark_typed_as_the_closing_one_still_closes_the_quotation():
    text = ("\u201cThe ferry is too old,\u201c said Bo Hale, a harbour pilot. "
            "\u201cIt should have been replaced years ago.\u201d")
    found = quotes(text)
    assert [(q.kind, q.text, q.speaker.name) for q in found] == [
        ("direct", "The ferry is too old", "Bo Hale"),
        ("direct", "It should have been replaced years ago.", "Bo Hale")]


def test_a_partial_quote_that_runs_past_its_sentence_belongs_to_the_reported_clause():
    text = ("Hale said the new ferry \u201cis a step forward. But the town still needs a second berth.\u201d\n\n"
            "The council meets on Monday.")
    [quote] = quotes(text)
    assert (quote.kind, quote.speaker.name) == ("mixed", "Hale")
    assert quote.text == "the new ferry \u201cis a step forward. But the town still needs a second berth.\u201d"


@pytest.mark.parametrize("text, content, speaker", [
    ("Ruiz told reporters they are \u201cplanting the seeds\u201d of a deal.",
     "they are \u201cplanting the seeds\u201d of a deal", "Ruiz"),
    ("Senator Ana Ruiz told CNN on Tuesday that the mayor\u2019s comments \u201cshow contempt for voters.\u201d",
     "the mayor\u2019s comments \u201cshow contempt for voters", "Senator Ana Ruiz"),
])
def test_a_partial_quote_after_a_hearer_and_a_clause_is_mixed_and_a_noun_is_no_cue(text, content, speaker):
    [quote] = quotes(text)
    assert (quote.kind, quote.text, quote.speaker.mention) == ("mixed", content, speaker)


@pytest.mark.parametrize("text, speaker", [
    ("\u201cShe loved this harbour,\u201d her friend Ola Berg told the newspaper.", "her friend Ola Berg"),
    ("\u201cThe port must stay open,\u201d Sen. Ana Ruiz (D-N.Y.) said Tuesday.", "Sen. Ana Ruiz (D-N.Y.)"),
    ("''The ferry is not the answer,'' Bo J. Hale, Mr. Lind's deputy harbour master, said Sunday.",
     "Bo J. Hale, Mr. Lind's deputy harbour master"),
    ("\u201cThat is simply not true,\u201d Okafor fumed on Tuesday.", "Okafor"),
    ("''Maybe the tide will turn,'' she wondered aloud.", "she"),
])
def test_subjects_and_manner_verbs_that_frame_a_quotation(text, speaker):
    [quote] = quotes(text)
    assert (quote.kind, quote.speaker.mention) == ("direct", speaker)


def test_a_manner_verb_frames_only_a_quotation():
    assert quotes("The crowd fumed for hours and wondered whether the ferry would ever come.") == []


@pytest.mark.parametrize("text, speaker", [
    ("Or, as Ana Ruiz, a former harbour master, put it: \u201cThe ferries are no longer at the gate.\u201d",
     "Ana Ruiz, a former harbour master"),
    ("As the council\u2019s chief executive, Bo Hale, put it in his memo to staff, "
     "\u201cImagine a town with no ferry at all.\u201d", "the council\u2019s chief executive, Bo Hale"),
])
def test_as_x_put_it_gives_x_the_quotation(text, speaker):
    [quote] = quotes(text)
    assert (quote.kind, quote.speaker.mention) == ("direct", speaker)


@pytest.mark.parametrize("text, second", [
    ("\u201cThe port has a future,\u201d Lind said. \u201c(The ferry) is only the start of it.\u201d",
     "(The ferry) is only the start of it."),
    ('"The budget does not add up," Okafor told reporters after a hearing in Lake Ferry, S.C. '
     '"It never did."', "It never did."),
])
def test_the_next_piece_of_a_statement_keeps_its_speaker(text, second):
    found = quotes(text)
    assert [q.text for q in found][1:] == [second]
    assert len({q.speaker.mention for q in found}) == 1


@pytest.mark.parametrize("text, speaker", [
    # the quote stays; the speaker's mention ends before the relative clause (issue #24: never a clause)
    ("\u201cThe vote was a mistake,\u201d Ana Ruiz, who served as mayor during the strike, told the Harbour Times.",
     "Ana Ruiz"),
    ("''The ferry must run on Sundays,'' Representative Bo Hale, Democrat of Maine, told the council as it met.",
     "Representative Bo Hale, Democrat of Maine"),
])
def test_a_relative_clause_or_a_party_tag_inside_the_subject_keeps_the_quote(text, speaker):
    [quote] = quotes(text)
    assert (quote.kind, quote.speaker.mention) == ("direct", speaker)


def test_a_one_word_answer_with_its_cue_is_a_quote_but_a_scare_quote_is_not():
    found = quotes('Was the ferry safe? "Absolutely," the captain said.\n\nThe port is a "fortress," he said.')
    assert [(q.kind, q.text) for q in found if q.kind == "direct"] == [("direct", "Absolutely")]


@pytest.mark.parametrize("text, content, speaker", [
    ("\u201cThe ferry is a disgrace,\u201dLind said.", "The ferry is a disgrace", "Lind"),
    ("Okafor said,\u201cThe ferry is a disgrace.\u201d", "The ferry is a disgrace.", "Okafor"),
])
def test_a_quotation_mark_typed_without_a_space_still_bounds_the_quote(text, content, speaker):
    [quote] = quotes(text)
    assert (quote.kind, quote.text, quote.speaker.mention) == ("direct", content, speaker)


def test_said_of_and_a_title_after_the_cue_are_no_part_of_the_statement():
    text = ('"A lot depends on the weather," Lind told The Harbour Press of the ferry talks. "It may not work."'
            '\n\n"We will rebuild the pier," Okafor told ABC\'s "Morning Harbour."')
    assert [(q.text, q.speaker.mention) for q in quotes(text)] == [
        ("A lot depends on the weather", "Lind"), ("It may not work.", "Lind"),
        ("We will rebuild the pier", "Okafor")]


def test_a_short_capitalised_piece_after_a_sentence_end_still_continues_the_statement():
    found = quotes("\u201cHere comes the ferry,\u201d she said, waving. \u201cThe Old Lady. Right on Time.\u201d")
    assert [q.text for q in found] == ["Here comes the ferry", "The Old Lady. Right on Time."]


def test_a_clause_ending_in_a_colon_introduces_the_quotation_in_the_next_paragraph():
    text = ("After the vote, the mayor released the following statement:\n\n"
            "\u201cWe offer our condolences to the family.\u201d\n\nHere is the list:\n\n"
            "\u201cFerries, buses and trains.\u201d")
    assert [(q.kind, q.text, q.speaker.mention) for q in quotes(text)] == [
        ("direct", "We offer our condolences to the family.", "the mayor")]


def test_a_mocking_tone_frames_a_quotation():
    [quote] = quotes("\u201cThe market has not failed the town,\u201d he mocks.")
    assert (quote.kind, quote.speaker.mention) == ("direct", "he")


def test_an_apostrophe_opening_a_name_does_not_swallow_the_next_paragraphs_quotation():
    text = ("In 't Hof sees parallels with the strike of 1998.\n\n"
            '"I see exactly the same anger, the same slogans," she told the Harbour Times.')
    [quote] = quotes(text)
    assert (quote.kind, quote.text, quote.speaker.mention) == (
        "direct", "I see exactly the same anger, the same slogans", "she")


def test_a_transcript_line_with_a_party_tag_gives_the_name_the_quotation():
    text = 'The hearing went on.\n\nRep. Ana Ruiz (R-S.C.):"Who told you that the ferry was safe?"'
    [quote] = quotes(text)
    assert (quote.kind, quote.speaker.mention) == ("direct", "Rep. Ana Ruiz")


@pytest.mark.parametrize("text, content, speaker", [
    ("After the vote, Gov. Ana Ruiz (R-OH), said, \u201cWe are going all the way to the harbour.\u201d",
     "We are going all the way to the harbour.", "Gov. Ana Ruiz (R-OH)"),
    ("Okafor asks at Western High School, \u201cAny questions I can answer?\u201d",
     "Any questions I can answer?", "Okafor"),
])
def test_a_party_tag_before_a_comma_or_a_place_after_the_cue_keeps_the_quote(text, content, speaker):
    [quote] = quotes(text)
    assert (quote.kind, quote.text, quote.speaker.mention) == ("direct", content, speaker)


def test_shouted_words_in_capitals_are_a_quote_not_a_title():
    found = quotes('The mayor was pleased. "FULL HARBOUR," she declared in a post after the vote.')
    assert [(q.kind, q.text, q.speaker.mention) for q in found] == [("direct", "FULL HARBOUR", "she")]


def test_a_piece_of_a_statement_may_be_followed_by_an_adjunct():
    text = ("\u201cThe ferry is too old,\u201d the captain added. \u201cIt could sink the way the old one did\u201d "
            "in the storm of 1998.")
    found = quotes(text)
    assert [(q.text, q.speaker.mention) for q in found][:2] == [
        ("The ferry is too old", "the captain"), ("It could sink the way the old one did", "the captain")]


@pytest.mark.parametrize("text, content, speaker", [
    ("Ruiz went on to say that the ferry would be replaced.", "the ferry would be replaced", "Ruiz"),
    ("The mayor tried to argue that the budget was balanced.", "the budget was balanced", "The mayor"),
])
def test_a_verb_group_leaves_the_cue_to_its_subject(text, content, speaker):
    [quote] = quotes(text)
    assert (quote.kind, quote.text, quote.speaker.mention) == (INDIRECT, content, speaker)


@pytest.mark.parametrize("text", ["He is said to be furious about the ferry.", "The council wants to say goodbye."])
def test_to_before_a_cue_outside_a_verb_group_reports_nothing(text):
    assert quotes(text) == []


@pytest.mark.parametrize("text, speaker", [
    ("Critics, including Senator Ana Ruiz, argue that the ferry contract was rigged.",
     "Critics, including Senator Ana Ruiz"),
    ("Several lawmakers, including Bo Hale and Ana Ruiz, said the port should stay open.",
     "Several lawmakers, including Bo Hale and Ana Ruiz"),
])
def test_a_group_including_named_people_is_the_speaker_not_the_content(text, speaker):
    [quote] = quotes(text)
    assert (quote.kind, quote.speaker.mention) == (INDIRECT, speaker)


@pytest.mark.parametrize("text, content, speaker", [
    ("Ruiz's claim that the ferry was sold to a friend drew protests.", "the ferry was sold to a friend drew protests",
     "Ruiz"),
    ("Mayor Ana Ruiz said the port would close. Her warning that the bridge would fail, however, went unheeded.",
     "the bridge would fail", "she"),
])
def test_an_owned_speech_noun_reports_its_that_clause(text, content, speaker):
    quote = next(q for q in quotes(text) if q.cue in {"claim", "warning"})
    assert (quote.kind, quote.text, quote.speaker.mention) == (INDIRECT, content, speaker)
    assert quote.speaker.display_name in {"Ruiz", "Ana Ruiz"}  # "Her" resolves to the mayor


@pytest.mark.parametrize("text", ["The claim that the ferry was sold is false.",
                                  "A warning that the bridge would fail went unheeded."])
def test_a_speech_noun_with_no_owner_names_no_speaker(text):
    assert quotes(text) == []


@pytest.mark.parametrize("text", [
    # a verb of saying with only a noun phrase after it reports no statement (issue #24)
    "The rebels declared a new republic in the north of the country in 2015.",
    "The council declared a state of emergency on Friday night.",
    "The rebels declared a final push to take the valley before the rains.",
    'The sect declared a cross-border "kingdom" in the hills in 2011.',
    "The mayor added a second ferry to the winter timetable.",
    "The agency posted photos of the flooded streets on its website.",
    "The hospital confirmed the outbreak last weekend.",
    "Trapped miners screamed out for help during the night.",
    "The airline informed passengers of the delay at the gate.",
])
def test_a_verb_of_saying_with_only_a_noun_object_is_no_quote(text):
    assert quotes(text) == []


@pytest.mark.parametrize("text, content", [
    # the same verbs with a clause after them, "that" left out, still report it
    ("The hospital confirmed the outbreak had spread to two wards.", "the outbreak had spread to two wards"),
    ("The ministry confirmed a fire destroyed the depot overnight.", "a fire destroyed the depot overnight"),
    ("The mayor added she would ask the port for a second ferry.", "she would ask the port for a second ferry"),
    ("The doctor advised the residents to stay indoors until Friday.", "the residents to stay indoors until Friday"),
    ("The council declared that the bridge was unsafe for lorries.", "the bridge was unsafe for lorries"),
])
def test_a_clause_without_that_is_still_reported(text, content):
    [quote] = quotes(text)
    assert quote.text == content


@pytest.mark.parametrize("text", [
    # a participle between an article and its noun is an adjective, not a cue (issue #24)
    "The ferry company braced for a long threatened strike by the crews on Monday.",
    "The council approved the widely reported plan to close the depot.",
])
def test_a_participle_used_as_an_adjective_is_no_cue(text):
    assert quotes(text) == []


def test_a_noun_then_a_cue_after_an_article_is_still_a_cue():
    [quote] = quotes("Later, a union official warned the depot would close in March.")
    assert (quote.text, quote.speaker.mention) == ("the depot would close in March", "a union official")


@pytest.mark.parametrize("text, speaker", [
    # a clause before a cue is no one's name; an auxiliary of the cue's own verb group stays
    ("The ruling has left Harbour Union members scrambling for cover against a threatened strike.", None),
    ("Mayor Ana Ruiz has in the past warned that the depot would close.", "Mayor Ana Ruiz has in the past"),
])
def test_a_clause_with_an_object_is_no_subject(text, speaker):
    found = quotes(text)
    assert [q.speaker.mention for q in found] == ([speaker] if speaker else [])


@pytest.mark.parametrize("text", [
    # "call" in its other senses reports nothing (issue #24)
    "The owner called the police while he drove to the salon.",
    "A neighbour called into the radio show on Monday morning.",
    "The verdict called into question the whole inquiry into the port.",
])
def test_calling_someone_up_is_no_quote(text):
    assert quotes(text) == []


def test_calling_something_a_name_still_reports_it():
    [quote] = quotes("She called the police shootings a national tragedy on Monday.")
    assert quote.text.startswith("the police shootings a national tragedy")


def test_a_quotation_paragraph_signed_on_the_next_line_is_the_signers():
    """A round-up layout: the quotation is its paragraph, the name with a title the line after (issue #24)."""
    text = ("The study followed two hundred volunteers.\n"
            "\u201cThe brain decides well before we notice that it has decided anything.\u201d\n"
            "Ana Ruiz, Ph.D.\n"
            "Other researchers were more cautious.")
    [quote] = quotes(text)
    assert (quote.kind, quote.speaker.name) == ("direct", "Ana Ruiz")


@pytest.mark.parametrize("line", ["By Ana Ruiz, March 3, 2020", "Other researchers were more cautious."])
def test_a_byline_or_a_sentence_under_a_quotation_signs_nothing(line):
    text = f"Harbour reopens\n\u2018It is the best news the town has had in years\u2019\n{line}\nThe port opened on Monday."
    assert quotes(text) == []


def test_a_capitalised_title_then_the_name_set_off_by_commas_is_the_speaker():
    [quote] = quotes("Harbour Union Chief Executive, Ana Ruiz, said: \u201cThe strike goes on until Friday.\u201d")
    assert (quote.text, quote.speaker.name, quote.speaker.role) == (
        "The strike goes on until Friday.", "Ana Ruiz", "Harbour Union Chief Executive")
