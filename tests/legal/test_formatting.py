from legal.formatting import is_heading, legal_text_to_html


def test_capitals_become_headings_and_dashes_become_lists():
    html = legal_text_to_html(
        "RIGHT TO WITHDRAW\nYou may withdraw:\n- by e-mail\n- by post\nThanks."
    )
    assert html == (
        "<h2>Right to withdraw</h2>\n<p>You may withdraw:</p>\n<ul>\n<li>by e-mail</li>\n"
        "<li>by post</li>\n</ul>\n<p>Thanks.</p>"
    )


def test_text_is_escaped():
    assert (
        legal_text_to_html("<script>x</script> & co")
        == "<p>&lt;script&gt;x&lt;/script&gt; &amp; co</p>"
    )


def test_list_at_the_end_is_closed_and_blank_lines_ignored():
    assert legal_text_to_html("\n- one\n\n") == "<ul>\n<li>one</li>\n</ul>"


def test_heading_needs_letters_and_all_capitals():
    assert is_heading("OUT-OF-COURT SETTLEMENT OF CONSUMER DISPUTES")
    assert not is_heading("Personal data protection rules")
    assert not is_heading("11000 - 2012")
    assert not is_heading("PIB: 107661603")
    assert not is_heading("A" * 121)
