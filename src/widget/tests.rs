//! The widget's behaviour, driven as the glue drives it, on the embedded Mali record.

use super::*;
use crate::input::{InputEvent, Key};
use crate::projection::{lon_lat, LonLat};
use crate::viewport::screen_point;

const AIRPORT: LonLat = lon_lat(-7.9431, 12.5378);
const BAMAKO: LonLat = lon_lat(-8.0028, 12.6392);
const TINZAOUATEN: &str = "tinzaouaten-2024-07-25";

fn day(iso: &str) -> Day {
    Day::parse_iso(iso).expect("date")
}

fn widget() -> Widget {
    Widget::new(800.0, 600.0, 1.0, &Options::default())
}

fn click(w: &mut Widget, at: ScreenPoint) {
    w.input(InputEvent::Down { pointer: 1, at });
    w.input(InputEvent::Up { pointer: 1, at });
}

/// Runs frames 1/60 s apart for `seconds`.
fn play_for(w: &mut Widget, from_ms: f64, seconds: f64) -> f64 {
    let frames = (seconds * 60.0) as usize;
    for k in 0..=frames {
        w.frame(from_ms + k as f64 * 1000.0 / 60.0);
    }
    from_ms + frames as f64 * 1000.0 / 60.0
}

#[test]
fn opens_on_the_data_s_last_month_or_the_date_asked() {
    let w = widget();
    assert_eq!(
        w.map().window().end,
        w.map().data().day_range().expect("data").1
    );
    let options = Options {
        date: Some(day("2024-07-27")),
        width: WindowWidth::Week,
        ..Options::default()
    };
    let mut w = Widget::new(800.0, 600.0, 1.0, &options);
    assert_eq!(
        w.map().window(),
        TimeWindow::new(day("2024-07-21"), day("2024-07-27"))
    );
    assert!(
        w.take_events().is_empty(),
        "nobody listens during construction"
    );
    let empty = Widget::new(
        800.0,
        600.0,
        1.0,
        &Options {
            data: StartData::Empty,
            ..Options::default()
        },
    );
    assert!(!empty.time_bar().enabled);
}

#[test]
fn playback_moves_the_window_at_its_speed_and_stops_at_the_end() {
    let mut w = widget();
    w.control(Control::SliderTo(day("2020-01-01")));
    w.take_events();
    w.control(Control::TogglePlay);
    assert!(w.is_playing());
    let before = w.map().window().end;
    let now = play_for(&mut w, 1_000.0, 1.0);
    let moved = w.map().window().end.0 - before.0;
    let (first, last) = w.map().data().day_range().expect("data");
    let speed = ((last.0 - first.0) as f64 / CROSSING_SECONDS) as i32;
    assert!(
        (speed - 1..=speed + 1).contains(&moved),
        "moved {moved} days in a second, at {speed} a second"
    );
    let events = w.take_events();
    assert!(!events.is_empty() && events.iter().all(|e| matches!(e, Event::TimeChange(_))));
    play_for(&mut w, now, 120.0);
    let last = w.map().data().day_range().expect("data").1;
    assert_eq!(w.map().window().end, last, "stopped on the last day");
    assert!(!w.is_playing(), "playback stops at the end");
}

/// Days the window moves in `seconds` of playback from 2015-01-01 at `speed`.
fn days_moved_at(speed: f64, seconds: f64) -> i32 {
    let mut w = widget();
    w.control(Control::SliderTo(day("2015-01-01")));
    w.set_playback(true, Some(speed), None)
        .expect("an offered speed");
    let before = w.map().window().end;
    play_for(&mut w, 0.0, seconds);
    w.map().window().end.0 - before.0
}

#[test]
fn four_times_the_speed_moves_four_times_the_days() {
    let (one, four) = (days_moved_at(1.0, 2.0), days_moved_at(4.0, 2.0));
    assert!(one > 100, "{one} days at 1x");
    assert!(
        (4 * one - 4..=4 * one + 4).contains(&four),
        "{one} at 1x, {four} at 4x"
    );
    let mut w = widget();
    assert_eq!(
        w.set_playback(true, Some(3.0), None),
        Err(WidgetError::Speed)
    );
    assert!(!w.is_playing(), "a refused speed starts nothing");
}

#[test]
fn looping_playback_wraps_round_and_plain_playback_stops() {
    let mut w = widget();
    let (first, last) = w.map().data().day_range().expect("data");
    w.control(Control::SliderTo(last.plus(-10)));
    w.set_playback(true, Some(8.0), Some(true)).expect("plays");
    let now = play_for(&mut w, 0.0, 1.0);
    assert!(w.is_playing(), "still playing after the end");
    assert!(
        w.map().window().end < last.plus(-10),
        "wrapped to the start"
    );
    assert!(w.map().window().end >= first);
    assert!(w.time_bar().looping);
    assert_eq!(SPEEDS[w.time_bar().speed], 8.0);
    w.control(Control::Loop(false));
    play_for(&mut w, now, 60.0);
    assert!(!w.is_playing(), "without the loop it stops at the end");
    assert_eq!(w.map().window().end, last);
}

#[test]
fn play_at_the_end_starts_again_from_the_beginning() {
    let mut w = widget();
    let (first, _) = w.map().data().day_range().expect("data");
    w.control(Control::TogglePlay);
    assert!(w.is_playing());
    assert_eq!(
        w.map().window().end,
        WindowWidth::Month.window_ending(first, first).end
    );
    w.control(Control::TogglePlay);
    assert!(!w.is_playing(), "pressed again: paused");
    let paused_at = w.map().window();
    play_for(&mut w, 0.0, 1.0);
    assert_eq!(w.map().window(), paused_at, "a paused widget does not move");
}

#[test]
fn a_click_on_the_airport_opens_it_and_a_click_on_nothing_closes_it() {
    let mut w = widget();
    w.set_time_window(TimeWindow::new(day("2024-09-11"), day("2024-09-17")));
    w.map_mut().set_view(Some(AIRPORT), Some(12.0));
    w.take_events();
    let at = w.map().project(AIRPORT);
    click(&mut w, at);
    assert_eq!(w.selected_id(), Some("bamako-2024-09-17-airport"));
    assert_eq!(
        w.take_events(),
        vec![Event::Select(Some("bamako-2024-09-17-airport".into()))]
    );
    let popup = w.incident_popup().expect("popup");
    assert!(
        popup.title.contains("airport") || popup.title.contains("Air"),
        "{}",
        popup.title
    );
    let anchor = w.popup_anchor().expect("anchored");
    assert!((anchor.x - at.x).abs() < 1e-6 && (anchor.y - at.y).abs() < 1e-6);
    click(&mut w, screen_point(5.0, 5.0));
    assert_eq!(w.selected_id(), None);
    assert_eq!(w.take_events(), vec![Event::Select(None)]);
    click(&mut w, screen_point(5.0, 5.0));
    assert!(
        w.take_events().is_empty(),
        "closing what is closed says nothing"
    );
}

#[test]
fn a_click_on_many_offers_a_choice_that_follows_the_map() {
    let mut w = widget();
    w.set_time_window(TimeWindow::new(day("2012-01-01"), day("2024-09-30")));
    w.map_mut().set_view(Some(BAMAKO), Some(5.0));
    let at = w.map().project(BAMAKO);
    click(&mut w, at);
    let choices = w.choices().expect("a chooser");
    assert!(choices.lines.len() >= 3, "{choices:?}");
    assert_eq!(
        choices.title,
        format!("{} incidents here", choices.lines.len())
    );
    assert_eq!(w.selected_id(), None);
    w.input(InputEvent::Key(Key::Left));
    let moved = w.popup_anchor().expect("anchored");
    assert!(
        (moved.x - at.x - crate::input::KEY_PAN_PX).abs() < 1e-6,
        "{moved:?} {at:?}"
    );
    let radisson = choices
        .lines
        .iter()
        .find(|l| l.label.contains("Radisson"))
        .expect("the Radisson Blu attack is listed")
        .id
        .clone();
    w.control(Control::Choose(radisson.clone()));
    assert_eq!(w.selected_id(), Some(radisson.as_str()));
    assert!(w.choices().is_none() && w.incident_popup().is_some());
}

#[test]
fn escape_closes_and_select_by_id_opens() {
    let mut w = widget();
    w.select(Some("bamako-2024-09-17-airport"))
        .expect("known id");
    let revision = w.popup_revision();
    w.input(InputEvent::Key(Key::Escape));
    assert_eq!(w.popup(), &PopupState::Closed);
    assert_ne!(
        w.popup_revision(),
        revision,
        "the glue sees the popup changed"
    );
    assert_eq!(
        w.select(Some("nowhere")),
        Err(WidgetError::UnknownId("nowhere".into()))
    );
}

#[test]
fn new_data_closes_the_popup_and_keeps_the_window_when_it_overlaps() {
    let mut w = widget();
    w.select(Some("bamako-2024-09-17-airport"))
        .expect("known id");
    let window = w.map().window();
    w.take_events();
    w.set_data(Dataset::mali());
    assert_eq!(w.popup(), &PopupState::Closed);
    assert_eq!(w.map().window(), window);
    assert_eq!(
        w.take_events(),
        vec![Event::Select(None), Event::TimeChange(window)]
    );
}

#[test]
fn the_time_bar_says_the_window_and_the_count() {
    let mut w = widget();
    w.set_time_window(TimeWindow::new(day("2024-09-11"), day("2024-09-17")));
    let bar = w.time_bar();
    assert_eq!(bar.text, "11 Sep 2024 – 17 Sep 2024");
    assert_eq!(
        bar.width,
        WindowWidth::Week,
        "a week-long window is the week preset"
    );
    assert_eq!(bar.count, format!("{} incidents", w.map().visible_count()));
    assert_eq!(bar.value, day("2024-09-17").0);
    w.set_time_window(TimeWindow::new(day("2015-11-20"), day("2015-11-20")));
    assert_eq!(w.time_bar().text, "20 Nov 2015");
    let single = (day("2012-01-01").0..day("2024-12-31").0)
        .map(|d| TimeWindow::new(Day(d), Day(d)))
        .find(|&window| {
            w.set_time_window(window);
            w.map().visible_count() == 1
        });
    assert!(single.is_some(), "some day shows one incident");
    assert_eq!(w.time_bar().count, "1 incident");
    w.set_time_window(TimeWindow::new(day("2030-01-01"), day("2030-01-01")));
    assert_eq!(w.time_bar().count, "0 incidents");
    w.set_time_window(TimeWindow::new(day("2015-11-20"), day("2015-11-20")));
    w.control(Control::Width(WindowWidth::Year));
    assert_eq!(
        w.map().window(),
        TimeWindow::new(day("2014-11-21"), day("2015-11-20"))
    );
}

#[test]
fn one_load_at_a_time_and_cancel_is_remembered() {
    let mut w = widget();
    assert!(!w.cancel_load(), "nothing to cancel");
    w.begin_load().expect("first load");
    assert_eq!(w.begin_load(), Err(WidgetError::LoadInProgress));
    assert!(!w.load_cancelled());
    assert!(w.cancel_load());
    assert!(w.load_cancelled());
    w.end_load();
    assert!(!w.is_loading());
    w.begin_load().expect("the next load");
}

#[test]
fn resting_the_mouse_on_the_airport_shows_its_title_and_a_drag_hides_it() {
    let mut w = widget();
    w.set_time_window(TimeWindow::new(day("2024-09-11"), day("2024-09-17")));
    w.map_mut().set_view(Some(AIRPORT), Some(12.0));
    let at = w.map().project(AIRPORT);
    w.hover(Some(at), 1_000.0);
    assert!(w.needs_frames(), "frames until the tooltip shows");
    w.frame(1_100.0);
    assert_eq!(w.tooltip(), None, "not before 150 ms");
    w.frame(1_160.0);
    let (index, shown_at) = w.tooltip().expect("shown");
    assert_eq!(shown_at, at);
    assert_eq!(w.map().data().id(index), Some("bamako-2024-09-17-airport"));
    let (title, date) = w.tooltip_text(index).expect("text");
    assert!(title.contains("airport"), "{title}");
    assert!(date.contains("2024"), "{date}");
    assert!(!w.needs_frames());
    w.input(InputEvent::Down { pointer: 1, at });
    assert_eq!(w.tooltip(), None, "a press hides it");
    w.hover(Some(at), 2_000.0);
    w.frame(2_500.0);
    assert_eq!(w.tooltip(), None, "and none shows while pressed");
    w.hover(Some(screen_point(3.0, 3.0)), 3_000.0);
    assert!(!w.needs_frames(), "nothing under the mouse: no frames");
}

#[test]
fn the_folded_panel_opens_and_closes_with_its_button() {
    let mut w = widget();
    assert!(!w.is_compact(), "{} px wide", w.map().view().width_css());
    w.map_mut().resize(390.0, 600.0, 3.0);
    assert!(w.is_compact(), "a phone");
    assert!(!w.is_panel_open(), "folded at first");
    w.control(Control::TogglePanel);
    assert!(w.is_panel_open());
    w.control(Control::TogglePanel);
    assert!(!w.is_panel_open());
}

#[test]
fn hiding_battles_hides_them_closes_their_popup_and_tells_the_page() {
    let mut w = widget();
    w.set_time_window(TimeWindow::new(day("2012-01-01"), day("2024-12-31")));
    let battles = (0..w.map().data().len())
        .filter(|&i| {
            w.map()
                .incident(i)
                .is_some_and(|x| x.event_type == EventType::Battles)
        })
        .count();
    assert!(battles > 0);
    let all = w.map().visible_count();
    let battle = w.map().data().index_of(TINZAOUATEN).expect("the battle");
    w.control(Control::Choose(TINZAOUATEN.into()));
    assert_eq!(w.selected_id(), Some(TINZAOUATEN));
    w.take_events();
    w.control(Control::ToggleType(EventType::Battles));
    assert_eq!(w.map().visible_count(), all - battles);
    assert!(!w.map().visible().contains(&(battle as u32)));
    assert_eq!(w.selected_id(), None, "its popup closed");
    let events = w.take_events();
    assert!(events.contains(&Event::Select(None)), "{events:?}");
    assert!(
        matches!(events.last(), Some(Event::FilterChange(f)) if f.hidden_types == [EventType::Battles])
    );
    w.control(Control::ToggleType(EventType::Battles));
    assert_eq!(w.map().visible_count(), all, "shown again");
}

#[test]
fn the_range_handles_a_drag_and_a_click_on_a_bar() {
    let mut w = widget();
    w.set_time_window(TimeWindow::new(day("2020-01-01"), day("2020-12-31")));
    let (left, right) = w.handles(600.0).expect("handles");
    assert!(left < right);
    let revision = w.strip_key();
    w.control(Control::RangePress {
        part: RangePart::Start,
        x: left,
        width: 600.0,
    });
    w.control(Control::RangeMove {
        x: left - 40.0,
        width: 600.0,
    });
    w.control(Control::RangeRelease);
    assert!(
        w.map().window().start < day("2020-01-01"),
        "the start moved back"
    );
    assert_eq!(w.map().window().end, day("2020-12-31"), "the end stayed");
    assert_ne!(w.strip_key(), revision, "other bars are in the window");
    w.control(Control::RangeMove {
        x: 0.0,
        width: 600.0,
    });
    assert!(
        w.map().window().start < day("2020-01-01"),
        "no drag after the release"
    );
    let before = w.map().window();
    w.control(Control::StripClick {
        x: 1.0,
        width: 600.0,
    });
    let first = w.map().data().day_range().expect("data").0;
    let window = w.map().window();
    assert_eq!(window.start, first, "jumped to the first bars: {window:?}");
    assert_eq!(
        window.end.0 - window.start.0,
        before.end.0 - before.start.0,
        "width kept: {window:?}"
    );
}

#[test]
fn set_lang_rewrites_the_popup_and_keeps_window_view_selection_and_filter() {
    let mut w = widget();
    w.set_time_window(TimeWindow::new(day("2024-09-11"), day("2024-09-17")));
    w.map_mut().set_view(Some(AIRPORT), Some(12.0));
    w.select(Some("bamako-2024-09-17-airport"))
        .expect("known id");
    w.set_filter(Filter {
        actor: "jnim".into(),
        ..Filter::default()
    });
    let (window, view, filter) = (w.map().window(), *w.map().view(), w.filter().clone());
    let english = w.incident_popup().expect("popup").title;
    let revision = w.popup_revision();
    w.set_lang(Lang::Ar);
    assert_eq!(w.lang(), Lang::Ar);
    assert_ne!(w.popup_revision(), revision, "the popup is written anew");
    let arabic = w.incident_popup().expect("still open").title;
    assert_ne!(arabic, english);
    assert!(
        arabic.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c)),
        "{arabic}"
    );
    assert_eq!(w.selected_id(), Some("bamako-2024-09-17-airport"));
    assert_eq!((w.map().window(), *w.map().view()), (window, view));
    assert_eq!(w.filter(), &filter);
    let revision = w.popup_revision();
    w.set_lang(Lang::Ar);
    assert_eq!(
        w.popup_revision(),
        revision,
        "the same language changes nothing"
    );
}

/// The Ukraine fixture (made-up UCDP GED rows at real towns).
#[cfg(feature = "importers")]
fn ukraine() -> Dataset {
    let text = include_str!("../../tests/fixtures/ucdp-ukraine.csv");
    Dataset::from_any(text).expect("the fixture reads").0
}

/// How many incidents of `w`'s data are on its canvas.
fn on_screen(w: &Widget) -> usize {
    let (view, data) = (w.map().view(), w.map().data());
    (0..data.len())
        .filter(|&i| {
            let s = view.lon_lat_to_screen(data.anchor(i).expect("anchor"));
            (0.0..=view.width_css()).contains(&s.x) && (0.0..=view.height_css()).contains(&s.y)
        })
        .count()
}

/// True when every incident of `w`'s data is on its canvas.
fn all_on_screen(w: &Widget) -> bool {
    on_screen(w) == w.map().data().len()
}

#[test]
fn the_record_opens_on_mali_as_before_and_view_data_fits_it() {
    let w = widget();
    let mut focus = MapState::new(800.0, 600.0, 1.0, Dataset::default());
    focus.fit_focus();
    assert_eq!(
        w.map().view(),
        focus.view(),
        "the opening view of the record"
    );
    let fitted = Widget::new(
        800.0,
        600.0,
        1.0,
        &Options {
            view: StartView::Data,
            ..Options::default()
        },
    );
    assert_ne!(fitted.map().view(), w.map().view());
    // All but the outliers (at most 1 % beyond each side of each axis).
    let n = fitted.map().data().len();
    assert!(
        n > 20 && on_screen(&fitted) * 100 >= n * 96,
        "{} of {n}",
        on_screen(&fitted)
    );
    let at = Widget::new(
        800.0,
        600.0,
        1.0,
        &Options {
            view: StartView::At {
                centre: lon_lat(30.5, 50.4),
                zoom: 7.0,
            },
            ..Options::default()
        },
    );
    let c = at.map().view().centre();
    assert!((c.lon - 30.5).abs() < 1e-9 && (c.lat - 50.4).abs() < 1e-9);
    assert_eq!(at.map().view().zoom(), 7.0);
}

#[test]
#[cfg(feature = "importers")]
fn loaded_data_fits_the_view_unless_the_page_set_one() {
    let empty = Options {
        data: StartData::Empty,
        ..Options::default()
    };
    let mut w = Widget::new(800.0, 600.0, 1.0, &empty);
    let before = *w.map().view();
    assert!(!w.fit_data(), "no data: the view stays");
    assert_eq!(*w.map().view(), before);
    w.set_data(ukraine());
    assert!(all_on_screen(&w), "the load fits the view to the data");
    let kyiv = w.map().project(lon_lat(30.5234, 50.4501));
    let fitted = *w.map().view();
    // Panned away, fitData brings it back.
    w.input(InputEvent::Key(Key::Left));
    w.map_mut().set_view(Some(BAMAKO), Some(5.0));
    assert!(!all_on_screen(&w));
    assert!(w.fit_data());
    assert_eq!(*w.map().view(), fitted);
    assert_eq!(w.map().project(lon_lat(30.5234, 50.4501)), kyiv);

    // With "mali", or once the page set a view, a load leaves the view alone.
    for options in [
        Options {
            view: StartView::Mali,
            ..empty
        },
        empty,
    ] {
        let mut w = Widget::new(800.0, 600.0, 1.0, &options);
        if options.view == StartView::Auto {
            w.set_view(Some(BAMAKO), Some(6.0));
        }
        let before = *w.map().view();
        w.set_data(ukraine());
        assert_eq!(*w.map().view(), before, "{options:?}");
        assert!(!all_on_screen(&w));
    }
}

#[test]
fn how_a_load_ended_is_said_in_the_widget_s_language() {
    let mut w = widget();
    w.load_ended(Ok((3, 1)));
    assert_eq!(
        w.take_spoken().as_deref(),
        Some("3 incidents loaded, 1 skipped")
    );
    assert_eq!(w.take_spoken(), None, "said once");
    w.set_lang(Lang::Ar);
    w.load_ended(Ok((2, 0)));
    assert_eq!(w.take_spoken().as_deref(), Some("حُمّل حادثتان، وتُرك 0"));
    w.set_lang(Lang::Fr);
    w.load_ended(Err(None));
    assert_eq!(w.take_spoken().as_deref(), Some("Chargement annulé"));
    w.load_ended(Err(Some("not CSV")));
    assert_eq!(
        w.take_spoken().as_deref(),
        Some("Non chargé\u{202f}: not CSV")
    );
}
