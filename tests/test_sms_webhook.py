"""POST /sms as Twilio and a person use it: signed requests in, parsed TwiML out."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlencode

import pytest
import sqlalchemy as sa
from flask import Flask
from twilio.request_validator import RequestValidator
from werkzeug.test import EnvironBuilder, run_wsgi_app

from helpline.channels.twiml import messages
from helpline.store.state import consent, positions, processed, usage
from helpline.text.gsm import encoding_of, is_gsm7
from tests.conftest import (
    AUTH_TOKEN,
    PUBLIC_URL,
    SENDER,
    AppBuilder,
    Texter,
    parse_messages,
    runtime,
)


def rows(app: Flask, table: sa.Table) -> list[sa.Row[tuple[object, ...]]]:
    runtime(app).services.recorder.flush()
    with runtime(app).services.store.engine.connect() as conn:
        return list(conn.execute(sa.select(table)))


def opted_out(app: Flask) -> list[sa.Row[tuple[object, ...]]]:
    """The senders whose last word, as the database holds it, was STOP."""
    return [row for row in rows(app, consent) if row.opted_out]


def messages_counted(app: Flask) -> int:
    """How many messages the usage counts hold, once the queue is written."""
    return sum(int(row.events) for row in rows(app, usage))


def topic_first_page(app: Flask, topic_id: str) -> str:
    return runtime(app).release.sms.topic_reply(topic_id, 0)


def assert_sendable(text: str) -> None:
    assert is_gsm7(text), text
    assert encoding_of(text).segments <= 2, text


class TestSignatures:
    def test_a_request_without_a_signature_is_refused_and_changes_nothing(
        self, app: Flask, texter: Texter
    ) -> None:
        reply = texter.post(texter.params("STOP"), signature="")
        assert reply.status == 403
        for table in (consent, positions, processed, usage):
            assert rows(app, table) == []

    def test_a_request_with_a_wrong_signature_is_refused_and_records_no_opt_out(
        self, app: Flask, texter: Texter
    ) -> None:
        reply = texter.post(texter.params("STOP"), signature="bm90IGEgc2lnbmF0dXJl")
        assert reply.status == 403
        assert opted_out(app) == []
        assert rows(app, usage) == []

    def test_a_signature_made_for_other_parameters_is_refused(
        self, app: Flask, texter: Texter
    ) -> None:
        params = texter.params("BONE")
        signature = RequestValidator(AUTH_TOKEN).compute_signature(
            "https://helpline.example.org/sms", {**params, "Body": "CHEMO"}
        )
        assert texter.post(params, signature=signature).status == 403

    def test_the_signature_is_checked_against_the_public_url_not_the_local_one(
        self, texter: Texter
    ) -> None:
        params = texter.params("BONE")
        local = RequestValidator(AUTH_TOKEN).compute_signature("http://localhost/sms", params)
        assert texter.post(params, signature=local).status == 403
        assert texter.post(params).status == 200

    def test_without_a_public_url_the_request_url_is_used(self, build_app: AppBuilder) -> None:
        app = build_app(HELPLINE_PUBLIC_URL="")
        texter = Texter(app.test_client())
        params = texter.params("BONE")
        local = RequestValidator(AUTH_TOKEN).compute_signature("http://localhost/sms", params)
        assert texter.post(params, signature=local).status == 200

    def test_a_signature_over_the_url_with_its_default_port_is_accepted(
        self, texter: Texter
    ) -> None:
        params = texter.params("BONE")
        with_port = RequestValidator(AUTH_TOKEN).compute_signature(
            "https://helpline.example.org:443/sms", params
        )
        assert texter.post(params, signature=with_port).status == 200

    def test_new_parameters_twilio_adds_are_covered_by_the_signature(self, texter: Texter) -> None:
        params = texter.params("BONE", SmsStatus="received", ApiVersion="2010-04-01")
        assert texter.post(params).status == 200
        forged = RequestValidator(AUTH_TOKEN).compute_signature(
            "https://helpline.example.org/sms", {**params, "SmsStatus": "other"}
        )
        assert texter.post(params, signature=forged).status == 403

    def test_a_query_string_in_twilios_url_is_part_of_what_is_signed(self, texter: Texter) -> None:
        params = texter.params("BONE")
        assert texter.post(params, path="/sms?line=uk").status == 200
        without_query = RequestValidator(AUTH_TOKEN).compute_signature(
            "https://helpline.example.org/sms", params
        )
        assert texter.post(params, signature=without_query, path="/sms?line=uk").status == 403


def post_raw(app: Flask, body: bytes, *, length: str | None) -> tuple[int, bytes]:
    """Post to /sms as a WSGI server would, with the body and Content-Length header as given."""
    signature = RequestValidator(AUTH_TOKEN).compute_signature(
        PUBLIC_URL + "/sms", dict(parse_qsl(body.decode("utf-8", "replace")))
    )
    environ = EnvironBuilder(
        path="/sms",
        method="POST",
        input_stream=io.BytesIO(body),
        content_type="application/x-www-form-urlencoded",
        headers=[("X-Twilio-Signature", signature)],
    ).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    if length is not None:
        environ["CONTENT_LENGTH"] = length
    chunks, status, _ = run_wsgi_app(app, environ, buffered=True)
    return int(status.split()[0]), b"".join(chunks)


class TestHttp:
    def test_a_get_is_refused_with_405_naming_post_and_changes_nothing(self, app: Flask) -> None:
        response = app.test_client().get("/sms")
        assert response.status_code == 405
        assert response.headers["Allow"] == "POST"
        assert rows(app, processed) == []

    def test_a_body_sent_without_a_length_is_read_up_to_the_limit(self, app: Flask) -> None:
        body = urlencode({"Body": "BONE", "From": SENDER, "MessageSid": "SM" + "1" * 32})
        status, xml = post_raw(app, body.encode(), length=None)
        assert status == 200
        assert parse_messages(xml) == [topic_first_page(app, "bone")]

    def test_a_body_over_the_limit_without_a_length_is_refused_with_413(self, app: Flask) -> None:
        body = urlencode({"Body": "x" * (70 * 1024), "From": SENDER})
        status, _ = post_raw(app, body.encode(), length=None)
        assert status == 413
        assert rows(app, processed) == []

    def test_a_length_that_is_not_a_number_is_refused_with_400(self, app: Flask) -> None:
        status, _ = post_raw(app, b"Body=BONE", length="ten")
        assert status == 400

    def test_bytes_that_are_not_utf8_still_get_valid_twiml(self, app: Flask) -> None:
        body = b"Body=BONE%FF%FE\xff&From=%2B447700900123&MessageSid=SM" + b"2" * 32
        status, xml = post_raw(app, body, length=str(len(body)))
        assert status == 200
        assert_sendable(parse_messages(xml)[0])


class TestCarrierWords:
    def test_stop_records_the_opt_out_and_sends_nothing(self, app: Flask, texter: Texter) -> None:
        reply = texter.send("Stop")
        assert reply.status == 200
        assert reply.messages == []
        assert len(opted_out(app)) == 1

    def test_every_stop_family_word_opts_out(self, app: Flask, texter: Texter) -> None:
        for word in ("STOP", "stopall", "Unsubscribe", "CANCEL", "end", "QUIT", "revoke", "optout"):
            assert texter.send(f" {word} ").messages == [], word
        assert len(opted_out(app)) == 1

    def test_start_after_stop_opts_back_in_and_confirms(self, app: Flask, texter: Texter) -> None:
        texter.send("STOP")
        reply = texter.send("START")
        assert "back on" in reply.text
        assert opted_out(app) == []

    def test_help_names_the_service_the_helpline_urgent_help_and_how_to_stop(
        self, app: Flask, texter: Texter
    ) -> None:
        text = texter.send("help").text
        service = runtime(app).release.catalog.service
        for needed in (
            service.name,
            service.helpline.number,
            service.helpline.hours,
            "999",
            "STOP",
        ):
            assert needed in text
        assert_sendable(text)

    def test_the_phone_number_is_stored_only_as_a_keyed_hash(
        self, app: Flask, texter: Texter
    ) -> None:
        texter.send("STOP")
        (row,) = rows(app, consent)
        assert SENDER not in str(tuple(row))
        assert SENDER.lstrip("+") not in str(tuple(row))
        assert len(row.sender) == 64


class TestRedFlags:
    def test_numb_legs_get_the_spinal_cord_compression_advice_first(
        self, app: Flask, texter: Texter
    ) -> None:
        reply = texter.send("my legs feel numb")
        assert reply.text.startswith(topic_first_page(app, "spinal-cord-compression")[:60])
        assert "Call your 24-hour cancer line" in reply.text[:160]

    def test_a_red_flag_beats_a_topic_keyword_in_the_same_message(
        self, app: Flask, texter: Texter
    ) -> None:
        reply = texter.send("Having chemo and now I have a high temperature")
        assert reply.text.startswith(topic_first_page(app, "infection")[:60])

    def test_a_red_flag_is_found_whatever_the_case_and_punctuation(
        self, app: Flask, texter: Texter
    ) -> None:
        reply = texter.send("COUGHING UP BLOOD!!!")
        assert reply.text.startswith(topic_first_page(app, "blood-clots")[:60])

    def test_urgent_replies_carry_no_footer_but_the_call_to_action(
        self, app: Flask, texter: Texter
    ) -> None:
        text = texter.send("I am very thirsty and confused").text
        assert "call" in text[:160].lower()
        assert_sendable(text)

    def test_a_red_flag_with_a_question_sends_the_urgent_advice_then_the_answer(
        self, app: Flask, texter: Texter
    ) -> None:
        reply = texter.send("my legs went numb this morning, also how often is zometa given?")
        book = runtime(app).release.sms
        assert len(reply.messages) == 2
        assert reply.messages[0].startswith(topic_first_page(app, "spinal-cord-compression")[:60])
        answer = reply.messages[1]
        assert "3 to 4 weeks" in answer and "Zometa" in answer
        assert answer in [book.answer("bisphosphonates", i, "Zometa (zoledronic acid)")
                          for i in range(book.page_count("bisphosphonates"))]  # fmt: skip
        for message in reply.messages:
            assert_sendable(message)

    def test_a_question_two_pages_answer_equally_gets_both_and_more_goes_on_after_them(
        self, app: Flask, texter: Texter
    ) -> None:
        book = runtime(app).release.sms
        topic = book.catalog.topic("bisphosphonate-tablets")
        reply = texter.send("how do i take my bonefos tablets")
        first, second = reply.messages
        assert first.endswith(topic.sms[1]), "the first page alone, no footer"
        assert "empty stomach" in first and "gullet" in second
        assert second == book.topic_reply("bisphosphonate-tablets", 2)
        assert second.endswith(book.catalog.service.replies.footer)
        for message in reply.messages:
            assert_sendable(message)
        assert texter.send("MORE").text == book.topic_reply("bisphosphonate-tablets", 3)

    def test_asking_which_temperature_to_watch_for_gets_the_calm_signs_of_infection(
        self, app: Flask, texter: Texter
    ) -> None:
        text = texter.send("what temperature should I watch for on chemo?").text
        assert text.startswith("If you get any of these signs of infection")
        assert "37.5C" in text and "now" in text[:160]
        assert_sendable(text)

    def test_asking_what_a_named_drug_is_gets_its_first_page_alone(
        self, app: Flask, texter: Texter
    ) -> None:
        assert texter.send("what is xgeva?").text.startswith("Xgeva (denosumab) is")

    def test_several_urgent_problems_lead_with_the_fastest_action_and_say_there_is_more(
        self, app: Flask, texter: Texter
    ) -> None:
        reply = texter.send("my calf is hot and swollen and my legs keep giving way")
        assert reply.text.startswith(topic_first_page(app, "blood-clots")[:60])
        assert "Other signs too: text SPINE" in reply.text
        assert_sendable(reply.text)

    def test_a_denied_symptom_gets_the_question_answered_without_alarm(
        self, app: Flask, texter: Texter
    ) -> None:
        reply = texter.send(
            "no fever or shivers today, just wondering how long the aredia drip takes"
        )
        assert "90 minutes" in reply.text
        assert "Call your 24-hour" not in reply.text[:160]


class TestTopics:
    def test_a_keyword_gets_the_first_page_with_more_hint_and_route_to_urgent_help(
        self, app: Flask, texter: Texter
    ) -> None:
        text = texter.send("BONE").text
        assert text == topic_first_page(app, "bone")
        assert "URGENT" in text
        assert_sendable(text)

    def test_questions_plurals_case_and_accents_find_the_topic(
        self, app: Flask, texter: Texter
    ) -> None:
        expected = {
            "what is xgeva?": "denosumab",
            "Tell me about chemo": "chemotherapy",
            "bones": "bone",
            "ZOMÉTA": "bisphosphonates",
            "herceptin please": "targeted-therapy",
        }
        for message, topic_id in expected.items():
            text = texter.send(message).text
            # A drug name the page does not give in full is echoed above it.
            assert text.endswith(topic_first_page(app, topic_id)), message
        assert texter.send("ZOMÉTA").text.startswith("About Zometa (zoledronic acid):\n")

    def test_a_number_from_the_menu_gets_that_topic(self, app: Flask, texter: Texter) -> None:
        topics = runtime(app).release.catalog.topics
        assert texter.send("3").text == topic_first_page(app, topics[2].id)
        assert texter.send(" 3. ").text == topic_first_page(app, topics[2].id)

    def test_a_typo_is_forgiven(self, app: Flask, texter: Texter) -> None:
        assert texter.send("chemotheraphy").text == topic_first_page(app, "chemotherapy")

    def test_a_typo_never_becomes_stop(self, app: Flask, texter: Texter) -> None:
        reply = texter.send("stpo")
        assert reply.messages and "did not understand" in reply.text
        assert opted_out(app) == []

    def test_a_typo_of_urgent_is_not_guessed_but_the_menu_lists_urgent_first(
        self, app: Flask, texter: Texter
    ) -> None:
        text = texter.send("urgnet").text
        assert "did not understand" in text
        assert "1 URGENT" in text

    def test_an_unknown_message_gets_the_menu_saying_it_was_not_understood(
        self, app: Flask, texter: Texter
    ) -> None:
        text = texter.send("purple elephants").text
        assert text.startswith("Sorry, we did not understand that.")
        assert "1 URGENT" in text
        assert_sendable(text)


class TestMenuAndMore:
    def test_menu_greetings_and_a_question_mark_give_the_topic_list(
        self, app: Flask, texter: Texter
    ) -> None:
        first = runtime(app).release.sms.menu_pages[0]
        for message in ("MENU", "hi", "Hello!", "?"):
            assert texter.send(message).text == first, message

    def test_more_walks_the_menu_pages_until_every_topic_was_listed(
        self, app: Flask, texter: Texter
    ) -> None:
        book = runtime(app).release.sms
        pages = [texter.send("MENU").text]
        pages += [texter.send("MORE").text for _ in range(len(book.menu_pages) - 1)]
        listed = "\n".join(pages)
        for number, topic in enumerate(runtime(app).release.catalog.topics, start=1):
            assert f"{number} {topic.menu_keyword} - {topic.title}" in listed
        for page in pages:
            assert_sendable(page)

    def test_more_gives_the_next_page_of_the_last_topic_then_says_it_is_done(
        self, app: Flask, texter: Texter
    ) -> None:
        book = runtime(app).release.sms
        count = book.page_count("bisphosphonates")
        assert count > 1
        got = [texter.send("zometa").text] + [texter.send("more").text for _ in range(count - 1)]
        first = book.answer("bisphosphonates", 0, "Zometa (zoledronic acid)")
        assert got == [first] + [book.topic_reply("bisphosphonates", i) for i in range(1, count)]
        assert texter.send("MORE").text == book.more_end

    def test_more_after_the_last_menu_page_says_the_list_is_done_and_how_to_see_it(
        self, app: Flask, texter: Texter
    ) -> None:
        book = runtime(app).release.sms
        texter.send("MENU")
        for _ in range(len(book.menu_pages) - 1):
            texter.send("MORE")
        end = texter.send("MORE").text
        assert end == book.more_end
        assert "topic." not in end.split("\n")[0], "the menu is a list, not a topic"
        assert "MENU" in end

    def test_more_positions_belong_to_one_sender(self, app: Flask, texter: Texter) -> None:
        texter.send("zometa")
        other = Texter(texter.client, sender="+447700900002")
        assert other.send("MORE").text == runtime(app).release.sms.menu_pages[0]

    def test_more_positions_expire(self, app: Flask, texter: Texter) -> None:
        from datetime import timedelta

        store = runtime(app).services.store
        texter.send("zometa")
        runtime(app).services.recorder.flush()
        real_clock = store.clock
        store.clock = lambda: real_clock() + timedelta(hours=25)
        try:
            assert texter.send("MORE").text == runtime(app).release.sms.menu_pages[0]
        finally:
            store.clock = real_clock


class TestFollowUps:
    def test_a_question_naming_no_topic_is_answered_from_the_topic_just_sent(
        self, app: Flask, texter: Texter
    ) -> None:
        book = runtime(app).release.sms
        texter.send("BONEFOS")
        reply = texter.send("so can I have my cup of tea with it?")
        assert "plain water only" in reply.text
        assert reply.text.startswith("About Bisphosphonate tablets:")
        assert book.catalog.service.replies.not_understood not in reply.text

    def test_a_follow_up_answered_from_the_topic_just_sent_stays_in_two_segments(
        self, app: Flask, texter: Texter
    ) -> None:
        texter.send("XGEVA")
        reply = texter.send("any side effects?")
        assert "flu-like" in reply.text.lower()
        assert all(encoding_of(message).segments <= 2 for message in reply.messages)

    def test_every_page_under_any_name_the_line_may_put_above_it_fits_two_segments(
        self, app: Flask
    ) -> None:
        book = runtime(app).release.sms
        for topic in book.catalog.topics:
            for page in range(len(topic.sms)):
                for name in (None, topic.title, *topic.names):
                    for message in messages(book.answer(topic.id, page, name)):
                        assert encoding_of(message).segments <= 2, (topic.id, page, name)

    def test_a_follow_up_reads_the_topic_from_the_database_once_written(
        self, app: Flask, texter: Texter
    ) -> None:
        texter.send("XGEVA")
        runtime(app).services.recorder.flush()
        assert "every 4 weeks" in texter.send("how often?").text

    def test_with_no_topic_before_or_another_senders_topic_a_follow_up_gets_the_menu(
        self, app: Flask, texter: Texter
    ) -> None:
        not_understood = runtime(app).release.sms.catalog.service.replies.not_understood
        assert not_understood in texter.send("how often?").text
        texter.send("XGEVA")
        other = Texter(texter.client, sender="+447700900002")
        assert not_understood in other.send("how often?").text

    def test_a_symptom_after_a_topic_still_gets_urgent_advice_not_a_follow_up(
        self, app: Flask, texter: Texter
    ) -> None:
        texter.send("XGEVA")
        reply = texter.send("my legs have gone numb, what should I do?")
        assert reply.messages[0] == topic_first_page(app, "spinal-cord-compression")

    def test_with_the_database_down_a_follow_up_gets_the_menu_and_the_safe_message(
        self, app: Flask, texter: Texter
    ) -> None:
        book = runtime(app).release.sms
        texter.send("XGEVA")
        runtime(app).services.recorder.flush()
        with database_down(app):
            reply = texter.send("how often?")
        assert reply.messages[-1] == book.fallback
        assert book.catalog.service.replies.not_understood in reply.messages[0]


class TestAnyInput:
    def test_empty_missing_and_odd_bodies_all_get_valid_twiml(self, texter: Texter) -> None:
        for body in (None, "", "   ", "\x00\x07\x1b", "😀🎗️", "x" * 1600, "<Response>&amp;"):
            reply = texter.send(body)
            assert reply.status == 200
            assert_sendable(reply.text)

    def test_a_message_without_a_from_number_still_gets_an_answer(self, texter: Texter) -> None:
        params = texter.params("BONE")
        del params["From"]
        reply = texter.post(params)
        assert reply.status == 200 and reply.messages

    def test_a_picture_without_text_says_only_words_can_be_read(self, texter: Texter) -> None:
        reply = texter.send(
            "",
            NumMedia="1",
            MediaUrl0="https://api.twilio.com/x.jpg",
            MediaContentType0="image/jpeg",
        )
        assert "only read words" in reply.text

    def test_a_twilio_retry_gets_the_same_answer_and_is_counted_once(
        self, app: Flask, texter: Texter
    ) -> None:
        texter.send("zometa")
        params = texter.params("MORE")
        first = texter.post(params)
        second = texter.post(params)
        assert first.text == second.text
        assert messages_counted(app) == 2
        third = texter.send("MORE")
        assert third.text != first.text

    def test_a_retry_after_the_queue_was_written_still_gets_the_same_answer(
        self, app: Flask, texter: Texter
    ) -> None:
        texter.send("zometa")
        more, keyword = texter.params("MORE"), texter.params("chemo")
        first_more, first_keyword = texter.post(more), texter.post(keyword)
        runtime(app).services.recorder.flush()
        assert texter.post(more).text == first_more.text
        assert texter.post(keyword).text == first_keyword.text
        assert messages_counted(app) == 3

    def test_a_body_over_64_kib_is_refused_with_413(self, app: Flask, texter: Texter) -> None:
        params = texter.params("x" * (70 * 1024))
        reply = texter.post(params)
        assert reply.status == 413
        assert rows(app, usage) == []

    def test_usage_events_hold_no_number_or_message_text(self, app: Flask, texter: Texter) -> None:
        texter.send("my legs feel numb")
        texter.send("what is xgeva?")
        recorded = [(str(r.channel), str(r.topic_id), str(r.matched_by)) for r in rows(app, usage)]
        assert set(recorded) == {
            ("sms", "spinal-cord-compression", "red-flag"),
            ("sms", "denosumab", "keyword"),
        }
        everything = str([tuple(r) for r in rows(app, usage)])
        assert "legs" not in everything and SENDER not in everything


@contextmanager
def database_down(app: Flask) -> Iterator[None]:
    """Point the store at a database that cannot be opened, as if the server had gone."""
    store = runtime(app).services.store
    good, broken = store.engine, sa.create_engine("sqlite:////nonexistent-dir/x.sqlite3")
    store.engine = broken
    try:
        yield
    finally:
        store.engine = good
        broken.dispose()


class TestFailures:
    def test_with_the_database_down_content_replies_still_go_out(
        self, app: Flask, texter: Texter, caplog: pytest.LogCaptureFixture
    ) -> None:
        with database_down(app):
            reply = texter.send("my legs feel numb")
            with pytest.raises(sa.exc.OperationalError):
                runtime(app).services.recorder.flush()
        assert reply.text == topic_first_page(app, "spinal-cord-compression")
        assert messages_counted(app) == 1, "the queued record is written once the database is back"

    def test_once_the_database_is_known_down_replies_also_carry_the_safe_message_until_it_is_back(
        self, app: Flask, texter: Texter
    ) -> None:
        normal = texter.send("BONE").text
        fallback = runtime(app).release.sms.fallback
        with database_down(app):
            assert texter.send("MORE").text == fallback, "MORE finds the database down"
            during = texter.send("BONE")
            help_reply = texter.send("HELP")
        assert during.messages == [normal, fallback]
        assert help_reply.messages == [runtime(app).release.sms.help, fallback]
        time.sleep(runtime(app).services.store.guard.cool_off)
        assert texter.send("MORE").messages != [fallback], "the database is back"
        assert texter.send("BONE").messages == [normal]

    def test_with_the_database_down_more_answers_with_the_safe_fallback(
        self, app: Flask, texter: Texter
    ) -> None:
        with database_down(app):
            reply = texter.send("MORE")
        assert reply.status == 200
        assert reply.text == runtime(app).release.sms.fallback
        assert "0808 800 6000" in reply.text and "999" in reply.text
        assert_sendable(reply.text)

    def test_a_stop_during_an_outage_is_honoured_at_once_and_written_when_the_database_is_back(
        self, app: Flask, texter: Texter
    ) -> None:
        with database_down(app):
            stop = texter.send("STOP")
            after = texter.send("BONE")
        assert (stop.status, stop.messages) == (200, [])
        assert (after.status, after.messages) == (200, []), "opted out, though only on disk"
        assert runtime(app).services.consent.pending == 1
        runtime(app).services.consent.sync()
        assert len(opted_out(app)) == 1
        assert runtime(app).services.consent.pending == 0
        assert "back on" in texter.send("START").text

    def test_a_bug_answers_with_the_safe_fallback_and_is_logged(
        self,
        app: Flask,
        texter: Texter,
        monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        def broken(text: str) -> None:
            raise RuntimeError("a bug")

        monkeypatch.setattr(runtime(app).release.matcher, "match", broken)
        reply = texter.send("BONE")
        assert reply.status == 200
        assert "0808 800 6000" in reply.text and "999" in reply.text
        assert "webhook /sms failed" in caplog.text
