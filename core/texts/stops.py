"""Texts of the Bürgermobil stop lookups, subscriptions, reminders and the staff stop commands."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # the stops keyboard (reply keyboard while looking for a stop)
    "stops.btn.today": {"de": "📅 Heute", "en": "📅 Today"},
    "stops.btn.tomorrow": {"de": "📅 Morgen", "en": "📅 Tomorrow"},
    "stops.btn.week": {"de": "🗓 Diese Woche", "en": "🗓 This week"},
    "stops.btn.area": {"de": "🏘 Stadtteil oder PLZ eingeben", "en": "🏘 Enter district or postcode"},
    "stops.btn.location": {"de": "📍 Standort senden", "en": "📍 Send my location"},
    "stops.btn.menu": {"de": "↩️ Zurück zum Menü", "en": "↩️ Back to the menu"},
    # inline buttons under stop answers
    "stops.btn.calendar_short": {"de": "📅 {day} · {district}", "en": "📅 {day} · {district}"},
    "stops.btn.calendar": {"de": "📅 In den Kalender", "en": "📅 Add to calendar"},
    "stops.btn.remind": {"de": "🔔 Erinnern", "en": "🔔 Remind me"},
    "stops.btn.remind_area": {"de": "🔔 Erinnern für {area}", "en": "🔔 Remind me for {area}"},
    "stops.btn.remove": {"de": "❌ {label} entfernen", "en": "❌ Remove {label}"},
    "stops.btn.did_you_mean": {"de": "Meinten Sie {district}?", "en": "Did you mean {district}?"},
    "stops.btn.about": {"de": "ℹ️ Was ist das Bürgermobil?", "en": "ℹ️ What is the Bürgermobil?"},
    # the intro card before the first schedule of a conversation (facts from the FAQ entry
    # 'buergermobil', source: essen.de/e_magazin/emagazin_1568844.de.html)
    "stops.intro": {
        "de": (
            "ℹ️ <b>Das Bürgermobil</b> ist das rollende Büro der Stadt Essen. "
            "Es steht meist auf Wochenmärkten in den Stadtteilen.\n"
            "Dort bekommen Sie ohne Termin und kostenlos Auskunft, Formulare und Hilfe bei Online-Diensten.\n"
            "Anträge wie Personalausweis oder Ummeldung gibt es dort nicht. "
            "Dafür gibt es das Bürgeramt oder den Vor-Ort-Service."
        ),
        "en": (
            "ℹ️ <b>The Bürgermobil</b> is the City of Essen's office on wheels. "
            "It mostly stands at weekly markets in the districts.\n"
            "There you get information, forms and help with online services, "
            "without an appointment and free of charge.\n"
            "Applications such as ID cards or a change of address are not processed there. "
            "For those, use a Bürgeramt or the Vor-Ort-Service."
        ),
    },
    # answers
    "stops.title": {"de": "🚐 <b>Wo ist das Bürgermobil?</b>", "en": "🚐 <b>Where is the Bürgermobil?</b>"},
    "stops.today_header": {"de": "<b>Heute, {day}</b>", "en": "<b>Today, {day}</b>"},
    "stops.today_none": {
        "de": "Heute steht das Bürgermobil nirgends.",
        "en": "The Bürgermobil is not out today.",
    },
    "stops.next_header": {"de": "<b>Die nächsten Halte</b>", "en": "<b>The next stops</b>"},
    "stops.none_planned": {
        "de": "Zurzeit sind keine Halte geplant.",
        "en": "No stops are planned at the moment.",
    },
    "stops.footer": {
        "de": (
            "ℹ️ Ohne Termin und kostenlos. Der Plan kann sich kurzfristig ändern.\n"
            "✅ bestätigt = vom Team geplant.\n"
            "🕓 voraussichtlich = nach dem üblichen Rhythmus geschätzt. Bitte im Plan der Stadt prüfen: "
            '<a href="https://www.essen.de/b%C3%BCrgermobil">essen.de/bürgermobil</a>\n'
            "📅 = in Ihren Kalender · 🔔 = Erinnerung am Abend vorher"
        ),
        "en": (
            "ℹ️ No appointment needed, free of charge. The plan can change at short notice.\n"
            "✅ confirmed = planned by the team.\n"
            "🕓 expected = estimated from the usual rota. Please check the city's plan: "
            '<a href="https://www.essen.de/b%C3%BCrgermobil">essen.de/bürgermobil</a>\n'
            "📅 = add to your calendar · 🔔 = reminder the evening before"
        ),
    },
    "stops.mark.confirmed": {"de": "· ✅ bestätigt", "en": "· ✅ confirmed"},
    "stops.mark.expected": {
        "de": '· 🕓 <a href="{url}">voraussichtlich</a>',
        "en": '· 🕓 <a href="{url}">expected</a>',
    },
    "stops.prompt": {
        "de": (
            "Wann oder wo suchen Sie das Bürgermobil? Tippen Sie unten auf einen Knopf "
            "oder schreiben Sie einen Stadtteil, eine Postleitzahl oder einen Tag "
            "(z. B. »Rüttenscheid«, »45130«, »Freitag«, »3.12.«)."
        ),
        "en": (
            "When or where are you looking for the Bürgermobil? Tap a button below "
            "or type a district, a postcode or a day "
            "(e.g. »Rüttenscheid«, »45130«, »Friday«, »3.12.«)."
        ),
    },
    "stops.ask_area": {
        "de": "Bitte schreiben Sie Ihren Stadtteil oder Ihre Postleitzahl, z. B. »Borbeck« oder »45130«.",
        "en": "Please type your district or your postcode, e.g. »Borbeck« or »45130«.",
    },
    "stops.location_hint": {
        "de": (
            "Bitte tippen Sie auf dem Handy auf »📍 Standort senden« und erlauben Sie das Teilen. "
            "Am Computer geht das nicht – schreiben Sie dann einfach Ihren Stadtteil oder Ihre PLZ."
        ),
        "en": (
            "On your phone, tap »📍 Send my location« and allow sharing. "
            "This does not work on a computer – just type your district or postcode instead."
        ),
    },
    "stops.back": {"de": "Gern. Hier ist wieder das Menü.", "en": "Sure. Here is the menu again."},
    "stops.day_header": {"de": "🚐 <b>Bürgermobil {label}</b>", "en": "🚐 <b>Bürgermobil {label}</b>"},
    "stops.day_none": {
        "de": "An diesem Tag steht das Bürgermobil nirgends.",
        "en": "The Bürgermobil is not out on this day.",
    },
    "stops.range_none": {
        "de": "In dieser Zeit steht das Bürgermobil nirgends.",
        "en": "The Bürgermobil is not out during this time.",
    },
    "stops.holiday": {"de": "🎉 Feiertag: {name}", "en": "🎉 Public holiday: {name}"},
    "stops.next_after": {"de": "Der nächste Halt danach:", "en": "The next stop after that:"},
    "stops.area_header": {"de": "🚐 <b>Bürgermobil in {area}</b>", "en": "🚐 <b>Bürgermobil in {area}</b>"},
    "stops.area_none": {
        "de": "In {area} ist zurzeit kein Halt geplant. Diese Halte sind in der Nähe:",
        "en": "No stop is planned in {area} at the moment. These stops are nearby:",
    },
    "stops.area_unknown": {
        "de": (
            "»{text}« kenne ich nicht als Essener Stadtteil oder Postleitzahl. "
            "Bitte schreiben Sie z. B. »Rüttenscheid« oder »45130«."
        ),
        "en": "I do not know »{text}« as an Essen district or postcode. Please type e.g. »Rüttenscheid« or »45130«.",
    },
    "stops.not_essen": {
        "de": (
            "{code} ist keine Essener Postleitzahl. Das Bürgermobil fährt nur in Essen. Die nächsten Halte:"
        ),
        "en": "{code} is not an Essen postcode. The Bürgermobil only goes to places in Essen. The next stops:",
    },
    "stops.postal_label": {"de": "PLZ {code}", "en": "postcode {code}"},
    "stops.nearest_header": {
        "de": "📍 <b>Die nächsten Halte in Ihrer Nähe</b>",
        "en": "📍 <b>The nearest stops</b>",
    },
    "stops.far_away": {
        "de": "Sie sind anscheinend nicht in Essen. Das Bürgermobil fährt nur in Essen.",
        "en": "You seem to be outside Essen. The Bürgermobil only goes to places in Essen.",
    },
    "stops.venue_pin": {"de": "Kartenpunkte folgen:", "en": "Map pins follow:"},
    "stops.running_now": {"de": "– 🟢 jetzt geöffnet", "en": "– 🟢 open now"},
    "stops.over": {"de": "– schon vorbei", "en": "– already over"},
    "stops.distance": {"de": "({km} entfernt)", "en": "({km} away)"},
    "stops.no_reason": {"de": "nicht angegeben", "en": "not given"},
    # calendar and subscriptions
    "stops.ics_caption": {
        "de": "📅 Öffnen Sie die Datei, um den Termin in Ihren Kalender zu übernehmen:\n{stop}",
        "en": "📅 Open the file to add the stop to your calendar:\n{stop}",
    },
    "stops.stop_gone": {
        "de": "Diesen Halt gibt es nicht mehr im Plan. Hier ist der aktuelle Plan:",
        "en": "This stop is no longer in the plan. Here is the current plan:",
    },
    "stops.stop_cancelled": {
        "de": "Dieser Halt fällt aus:\n{stop}",
        "en": "This stop is cancelled:\n{stop}",
    },
    "stops.subscribed": {
        "de": (
            "🔔 Erledigt: <b>{label}</b> – am Abend vor jedem Halt dort bekommen Sie eine Erinnerung. "
            "Fällt ein Halt aus oder wird er verlegt, sage ich sofort Bescheid.\n{next}"
            "Gespeichert werden nur Ihr Chat und dieser Ort. Ansehen und löschen: /abo"
        ),
        "en": (
            "🔔 Done: <b>{label}</b> – you get a reminder the evening before every stop there. "
            "If a stop is cancelled or moved, I will tell you at once.\n{next}"
            "Only your chat and this place are stored. See and remove: /abo"
        ),
    },
    "stops.already_subscribed": {
        "de": "🔔 Die Erinnerung für <b>{label}</b> haben Sie schon. Alle Erinnerungen: /abo",
        "en": "🔔 You already have the reminder for <b>{label}</b>. All reminders: /abo",
    },
    "stops.subscribe_next": {"de": "Nächster Halt: {stop}\n", "en": "Next stop: {stop}\n"},
    "stops.subscribe_unknown": {
        "de": "Diesen Ort gibt es nicht mehr im Plan. Bitte wählen Sie einen Halt neu aus.",
        "en": "This place is no longer in the plan. Please choose a stop again.",
    },
    "stops.subscribe_limit": {
        "de": "Sie haben schon {limit} Erinnerungen. Bitte löschen Sie zuerst eine mit /abo.",
        "en": "You already have {limit} reminders. Please remove one first with /abo.",
    },
    "stops.subs_header": {
        "de": "🔔 <b>Ihre Erinnerungen</b>\nAm Abend vor jedem Halt bekommen Sie eine Nachricht:",
        "en": "🔔 <b>Your reminders</b>\nYou get a message the evening before each stop:",
    },
    "stops.subs_line": {"de": "• {label}", "en": "• {label}"},
    "stops.subs_next": {"de": "   nächster Halt: {stop}", "en": "   next stop: {stop}"},
    "stops.subs_none": {
        "de": (
            "Sie haben keine Erinnerungen. Tippen Sie unter einem Halt auf »🔔 Erinnern« "
            "oder schreiben Sie z. B. /abo Borbeck."
        ),
        "en": "You have no reminders. Tap »🔔 Remind me« under a stop or type e.g. /abo Borbeck.",
    },
    "stops.unsubscribed": {
        "de": "Die Erinnerung für <b>{label}</b> ist gelöscht.",
        "en": "The reminder for <b>{label}</b> is removed.",
    },
    "stops.unsubscribe_gone": {
        "de": "Diese Erinnerung gibt es nicht (mehr). Ihre aktuellen Erinnerungen: /abo",
        "en": "This reminder does not exist (any more). Your current reminders: /abo",
    },
    # messages to subscribers
    "stops.alert": {
        "de": "🔔 <b>Erinnerung: Morgen kommt das Bürgermobil</b>\n\n{stops}\n\nIhre Erinnerungen: /abo",
        "en": "🔔 <b>Reminder: the Bürgermobil comes tomorrow</b>\n\n{stops}\n\nYour reminders: /abo",
    },
    "stops.notice.cancelled": {
        "de": "⚠️ <b>Der Halt fällt aus</b>\n\n{stop}\n\nGrund: {reason}\n{next}\nIhre Erinnerungen: /abo",
        "en": "⚠️ <b>This stop is cancelled</b>\n\n{stop}\n\nReason: {reason}\n{next}\nYour reminders: /abo",
    },
    "stops.notice.next_there": {
        "de": "Nächster Halt dort: {stop}\n",
        "en": "Next stop there: {stop}\n",
    },
    "stops.notice.moved": {
        "de": (
            "🔁 <b>Der Halt ist verlegt</b>\n\nNeu: {stop}\n\nVorher geplant: {before}\n"
            "Grund: {reason}\n\nIhre Erinnerungen: /abo"
        ),
        "en": (
            "🔁 <b>This stop has been moved</b>\n\nNew: {stop}\n\nPlanned before: {before}\n"
            "Reason: {reason}\n\nYour reminders: /abo"
        ),
    },
    # staff (German only)
    "stops.staff.unknown_stop": {
        "de": "Den Halt »{stop_id}« gibt es nicht. Die Kennungen stehen in /ausfall (ohne Angaben).",
    },
    "stops.staff.stop_over": {"de": "Der Halt ist schon vorbei: {stop}"},
    "stops.staff.already_cancelled": {"de": "Der Halt ist schon abgesagt: {stop}"},
    "stops.staff.already_moved": {"de": "Der Halt ist schon so verlegt: {stop}"},
    "stops.staff.bad_times": {"de": "Das Ende muss nach dem Beginn liegen (z. B. 10:00-14:00)."},
    "stops.staff.move_past": {"de": "Die neue Zeit liegt in der Vergangenheit."},
    "stops.staff.unknown_place": {
        "de": "Den Ort »{place}« kenne ich nicht. Bekannte Orte: {places}",
    },
    "stops.staff.cancel_usage": {
        "de": (
            "<b>Halt absagen</b>\n"
            "/ausfall &lt;Halt&gt; &lt;Grund&gt;\n"
            "z. B. <code>/ausfall {example} Fahrzeug defekt</code>\n"
            "oder <code>/ausfall heute Borbeck Sturm</code>\n\n"
            "Oder tippen Sie auf einen Halt:"
        ),
    },
    "stops.staff.move_usage": {
        "de": (
            "<b>Halt verlegen</b>\n"
            "/verlegen &lt;Halt&gt; [neuer Tag] &lt;von-bis&gt; [ort:&lt;Ort&gt;] [Grund]\n"
            "z. B. <code>/verlegen {example} 10:00-14:00 Markt später</code>\n"
            "oder <code>/verlegen 8.12. Borbeck 9.12. 09:00-12:00 ort:kennedyplatz Baustelle</code>\n\n"
            "Oder tippen Sie auf einen Halt:"
        ),
    },
    "stops.staff.none_upcoming": {"de": "In den nächsten Tagen ist kein Halt geplant."},
    "stops.staff.need_reason": {
        "de": "Bitte einen Grund angeben, z. B. <code>/ausfall {stop_id} Sturm</code>."
    },
    "stops.staff.need_times": {
        "de": "Bitte die neue Zeit angeben, z. B. <code>10:00-14:00</code> (optional vorher ein Tag: <code>9.12.</code>).",
    },
    "stops.staff.bad_day": {"de": "»{text}« verstehe ich nicht als Tag oder Halt-Kennung."},
    "stops.staff.no_stop_that_day": {
        "de": "Am {day} gibt es keinen Halt in/an »{place}«. An dem Tag: {stops}"
    },
    "stops.staff.need_place": {"de": "Bitte den Ort angeben. Am {day}: {stops}"},
    "stops.staff.several": {"de": "Mehrere Halte passen: {stops}. Bitte die Kennung angeben."},
    "stops.staff.ask_reason": {
        "de": "{who}: Warum fällt dieser Halt aus? Bitte antworten Sie auf diese Nachricht mit dem Grund.\n\n{stop}",
    },
    "stops.staff.ask_move": {
        "de": (
            "{who}: Wohin wird dieser Halt verlegt? Bitte antworten Sie auf diese Nachricht, "
            "z. B. <code>10:00-14:00 Markt später</code> oder "
            "<code>9.12. 09:00-12:00 ort:kennedyplatz Baustelle</code>.\n\n{stop}"
        ),
    },
    "stops.staff.cancelled": {
        "de": "✅ Abgesagt von {name}: {stop}\nGrund: {reason}\n🔔 Benachrichtigt werden: {count}",
    },
    "stops.staff.moved": {
        "de": "✅ Verlegt von {name}: {stop}\nVorher: {before}\n🔔 Benachrichtigt werden: {count}",
    },
    "stops.staff.pending_gone": {
        "de": "Dieser Vorgang ist abgelaufen. Bitte /ausfall oder /verlegen neu starten."
    },
    "stops.import.too_big": {"de": "Die Datei ist zu groß (höchstens {limit} KB)."},
    "stops.import.errors": {
        "de": "❌ <b>{name}</b>: {count} Fehler. Nichts geändert.\n\n{lines}\n\nBitte korrigieren und die Datei neu senden.",
    },
    "stops.import.more": {"de": "… und {count} weitere"},
    "stops.import.summary": {
        "de": (
            "📄 <b>{name}</b> ist in Ordnung: {count} Termine ({months}).\n\n{lines}{warnings}\n\n"
            "Ein Import ist der Plan für seine Monate. Er ersetzt dort alle Termine aus den Regeln "
            "und aus früheren Importen. Übernehmen?"
        ),
    },
    "stops.import.warnings": {"de": "\n\n⚠️ Hinweise:\n{lines}"},
    "stops.import.btn_apply": {"de": "✅ Übernehmen"},
    "stops.import.btn_discard": {"de": "✖️ Verwerfen"},
    "stops.import.applied": {
        "de": "✅ Übernommen von {name}: {count} Termine ({months}). Der Plan ist neu geladen.",
    },
    "stops.import.discarded": {"de": "Import verworfen. Nichts geändert."},
    "stops.import.gone": {"de": "Dieser Import ist nicht mehr vorhanden. Bitte die Datei neu senden."},
    "stops.import.changed": {
        "de": "Die Datei passt nicht mehr zum Plan:\n{lines}\n\nNichts geändert.",
    },
    "stops.import.download_failed": {"de": "Ich konnte die Datei nicht laden. Bitte noch einmal senden."},
    "stops.import.write_failed": {"de": "Die Datei konnte nicht geschrieben werden: {error}"},
    "stops.import.plan_broken": {
        "de": "Mit dem Import lässt sich der Plan nicht mehr laden; der alte Stand ist wiederhergestellt: {error}",
    },
}
