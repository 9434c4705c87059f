//! Options changed on a live widget (`setOptions`, what the `<incident-map>` element calls when
//! an attribute changes): the language, the window's width and its last day, and the view take
//! effect in place; the data and `hash` are read only when the widget is made.

use super::{Control, OptionError, Options, StartView, Widget};

impl Widget {
    /// Applies the options named in `keys` (checked by [`Options::parse`], which gave
    /// `options`): `lang` as [`Widget::set_lang`], `window` as the width selector, `date` as the
    /// slider, `view` as at the start (`"data"` fits the data now and after each load,
    /// `"mali"` fits Mali, `{lon, lat, zoom}` goes there; either of these pins the view). `data`
    /// and `hash` are refused, and then nothing changes.
    pub fn set_options(&mut self, options: &Options, keys: &[&str]) -> Result<(), OptionError> {
        if let Some(key) = keys.iter().find(|k| matches!(**k, "data" | "hash")) {
            return Err(OptionError::OnlyAtStart {
                key: key.to_string(),
            });
        }
        for key in keys {
            match *key {
                "lang" => self.set_lang(options.lang),
                "window" => self.control(Control::Width(options.width)),
                "view" => {
                    self.follow_data = options.view.follows_data();
                    match options.view {
                        StartView::Data => {
                            self.map.fit_data();
                        }
                        StartView::Mali => self.map.fit_focus(),
                        StartView::At { centre, zoom } => {
                            self.map.set_view(Some(centre), Some(zoom))
                        }
                        StartView::Auto => {}
                    }
                }
                _ => {
                    if let Some(day) = options.date {
                        self.control(Control::SliderTo(day));
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::timeline::{Day, TimeWindow};
    use crate::widget::OptionValue;

    fn options(pairs: &[(&str, &str)]) -> Options {
        let text = |(k, v): &(&str, &str)| (k.to_string(), OptionValue::Text(v.to_string()));
        Options::parse(pairs.iter().map(text)).expect("options")
    }

    #[test]
    fn language_width_and_date_change_in_place() {
        let mut w = Widget::new(800.0, 600.0, 1.0, &Options::default());
        w.select(Some("bamako-2024-09-17-airport"))
            .expect("the record has it");
        let o = options(&[("date", "2020-06-30"), ("window", "week"), ("lang", "ar")]);
        w.set_options(&o, &["date", "window", "lang"])
            .expect("applied");
        let day = |iso| Day::parse_date(iso).expect("date");
        assert_eq!(
            w.map().window(),
            TimeWindow::new(day("2020-06-24"), day("2020-06-30"))
        );
        assert_eq!(w.lang(), Lang::Ar);
        // Only the keys named: the date stays where it is when only the width changes.
        let o = options(&[("window", "year"), ("date", "2012-01-31")]);
        w.set_options(&o, &["window"]).expect("applied");
        assert_eq!(w.map().window().end, day("2020-06-30"));
        assert_eq!(
            w.selected_id(),
            Some("bamako-2024-09-17-airport"),
            "the popup stays"
        );
    }

    #[test]
    fn the_view_moves_in_place() {
        let mut w = Widget::new(800.0, 600.0, 1.0, &Options::default());
        let mali = *w.map().view();
        let at = |lon: f64, lat: f64, zoom: f64| {
            let n = OptionValue::Number;
            let members = [("lon", n(lon)), ("lat", n(lat)), ("zoom", n(zoom))];
            let view = members.map(|(k, v)| (k.to_string(), v)).to_vec();
            Options::parse([("view".to_string(), OptionValue::Object(view))]).expect("a view")
        };
        w.set_options(&at(30.5, 50.4, 6.0), &["view"])
            .expect("applied");
        let centre = w.map().view().centre();
        assert!((centre.lon - 30.5).abs() < 1e-9 && (w.map().view().zoom() - 6.0).abs() < 1e-9);
        assert!(!w.follow_data, "a view the page set stays");
        w.set_options(&options(&[("view", "mali")]), &["view"])
            .expect("applied");
        assert_eq!(*w.map().view(), mali);
        w.set_options(&options(&[("view", "data")]), &["view"])
            .expect("applied");
        assert!(w.follow_data, "loads fit the view again");
    }

    #[test]
    fn data_and_hash_are_refused_and_nothing_changes() {
        let mut w = Widget::new(800.0, 600.0, 1.0, &Options::default());
        let before = w.map().window();
        let o = options(&[("date", "2020-06-30"), ("data", "none")]);
        let e = w.set_options(&o, &["date", "data"]).expect_err("data");
        assert_eq!(
            e.to_string(),
            "option 'data' is read only when the map is made"
        );
        assert_eq!(w.map().window(), before);
    }
}
