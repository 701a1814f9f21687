// Live team sessions (issue 11; docs/team-sessions.md). Facilitators: open a session from the
// organization, run the board (join code and QR code, counts, reveal, decisions), close it, see
// the agreed placement. Participants: join with the code and no account, rate each element on
// their phone, see the aggregates once revealed. Every page is a plain form with 303 redirects;
// with JavaScript, pages follow the session's event stream and refetch themselves.
#include <array>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "assessment/school_year.hpp"
#include "report/qr_svg.hpp"
#include "report/results_xlsx.hpp"
#include "service/join_code.hpp"
#include "service/team_session_service.hpp"
#include "web/forms.hpp"
#include "web/handlers/account_access.hpp"
#include "web/handlers/assessment_access.hpp"
#include "web/handlers/organizations.hpp"
#include "web/handlers/routes.hpp"
#include "web/handlers/session_models.hpp"
#include "web/messages.hpp"

namespace cbe::web::handlers {

namespace {

using service::TeamSessionService;
namespace json = boost::json;

inline constexpr const char* kParticipantCookie = "cbe_participant";
inline constexpr int kParticipantCookieSeconds = 30 * 24 * 3600;

struct Deps {
    const Site& site;
    const service::AccountService& accounts;
    const TeamSessionService& sessions;
};

std::string session_path(long long id) { return "/sessions/" + std::to_string(id); }
std::string participant_path(const std::string& token) { return "/p/" + token; }

std::string param(const Request& request, const std::string& name) {
    auto it = request.params.find(name);
    return it == request.params.end() ? "" : it->second;
}

// A session's live updates for `holder` (one participant link, or one facilitator's board of
// the session: the server keeps two streams each). A closed session changes no more: 204 tells
// the browser not to reconnect (a stream still open when it closed has ended).
Response event_stream(const store::TeamSessionRecord& session, std::string holder) {
    Response response;
    if (session.closed) {
        response.status = 204;
        return response;
    }
    response.event_topic = TeamSessionService::topic(session.id);
    response.event_version = session.version;
    response.event_holder = std::move(holder);
    return response;
}

// --- Facilitators -------------------------------------------------------------------------

Response new_session(const Deps& d, const Request& request) {
    auto who = signed_in(d.site, d.accounts, request);
    if (!who) return sign_in_first(request);
    long long org = id_param(request);
    if (auto may = d.sessions.may_run(org, *who); !may) {
        return d.site.error_response(may.error(), request);
    }
    service::OpenSessionInput typed;
    // The school year a session opened today most likely describes (US years run July-June).
    typed.school_year = assessment::school_year_of(d.site.now());
    std::string audience = request.query_value("audience");
    return render_private(d.site, "session_new",
                          new_session_model(d.site.roadmap(), org, audience, typed, ""), request);
}

Response open_session(const Deps& d, const Request& request) {
    auto posted = member_post(d.site, d.accounts, request);
    if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
    auto& p = std::get<MemberPost>(posted);
    service::OpenSessionInput input;
    input.title = form_value(p.form, "title");
    input.school_year = form_value(p.form, "school_year");
    input.audience = form_value(p.form, "audience");
    for (auto [it, end] = p.form.equal_range("element"); it != end; ++it) {
        input.element_ids.push_back(it->second);
    }
    input.facilitator_rates = form_value(p.form, "rates") == "yes";
    input.min_raters = form_value(p.form, "min_raters");
    auto opened = d.sessions.open(p.organization_id, p.who, input, caller_of(request));
    if (!opened) {
        const Error& e = opened.error();
        if (e.code != ErrorCode::kInvalidInput && e.code != ErrorCode::kConflict &&
            e.code != ErrorCode::kRateLimited) {
            return d.site.error_response(e, request);
        }
        // Shown again with everything typed kept.
        return Site::refused_form(
            render_private(d.site, "session_new",
                           new_session_model(d.site.roadmap(), p.organization_id, input.audience,
                                             input, message_text(e)),
                           request),
            e);
    }
    Response response = redirect(session_path(opened->session.id));
    if (!opened->participant_token.empty()) {
        set_cookie(response, kParticipantCookie, opened->participant_token,
                   {kParticipantCookieSeconds, d.site.secure_cookies(), true});
    }
    return response;
}

// A decision the board refused, shown again in its element's form as it was typed.
struct RefusedDecision {
    const Error& error;
    const Form& form;
};

// The decision form of the refused element keeps what was typed, marked with the error.
void keep_typed(json::object& model, const RefusedDecision& refused) {
    std::string element = form_value(refused.form, "element");
    std::string stage = form_value(refused.form, "stage");
    bool rationale = refused.error.field == "rationale";
    bool dissent = refused.error.field == "dissent";
    for (auto& item : model["elements"].as_array()) {
        auto& e = item.as_object();
        if (e["id"].as_string() != element) continue;
        for (auto& option : e["stages"].as_array()) {
            option.as_object()["selected"] = option.as_object()["id"].as_string() == stage;
        }
        e["typed"] = json::object{{"rationale", form_value(refused.form, "rationale")},
                                  {"dissent", form_value(refused.form, "dissent")},
                                  {"no_agreement", stage == "none"},
                                  {"error", message_text(refused.error)},
                                  {"rationale_error", rationale},
                                  {"dissent_error", dissent}};
    }
}

// The facilitator's board; with `refused`, answered with its status and the typed decision.
Response board_page(const Deps& d, const Request& request, const service::SignedIn& who,
                    const RefusedDecision* refused) {
    auto board = d.sessions.board(id_param(request, "session"), who);
    if (!board) return d.site.error_response(board.error(), request);
    std::string code = board->session.join_code;
    std::string join_url = d.site.absolute_url("/join?code=" + code);
    std::string qr = board->session.closed
                         ? ""
                         : report::qr_svg(join_url, "QR code that opens the join page with code " +
                                                        service::display_join_code(code));
    auto model = board_model(*board, join_url, qr);
    if (refused) {
        model["error"] = message_text(refused->error);
        model["has_error"] = true;
        keep_typed(model, *refused);
    } else if (request.query_value("error").size() > 0) {
        model["error"] = message_text(request.query_value("error"));
        model["has_error"] = !model["error"].as_string().empty();
    }
    Response response = render_private(d.site, "session_board", std::move(model), request,
                                       refused ? status_for(refused->error.code) : 200);
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    return response;
}

Response board(const Deps& d, const Request& request) {
    auto who = signed_in(d.site, d.accounts, request);
    if (!who) return sign_in_first(request);
    return board_page(d, request, *who, nullptr);
}

Response board_events(const Deps& d, const Request& request) {
    auto who = signed_in(d.site, d.accounts, request);
    if (!who) return sign_in_first(request);
    long long id = id_param(request, "session");
    auto session = d.sessions.board_session(id, *who);
    if (!session) return d.site.error_response(session.error(), request);
    return event_stream(*session,
                        "board:" + std::to_string(id) + ":" + std::to_string(who->user.id));
}

// A facilitator's action on the board: done -> back to the board; refused for a reason the
// facilitator can fix -> back to the board with the message.
Response board_action(
    const Deps& d, const Request& request,
    const std::function<Result<void>(const service::SignedIn&, const Form&)>& action) {
    auto checked = accepted_form(d.site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    auto who = signed_in(d.site, d.accounts, request);
    if (!who) return sign_in_first(request);
    const auto& form = std::get<Form>(checked);
    auto done = action(*who, form);
    std::string back = session_path(id_param(request, "session"));
    if (!done) {
        const Error& e = done.error();
        if (e.code == ErrorCode::kInvalidInput || e.code == ErrorCode::kConflict) {
            // The board again, with the refusal's status and what was typed kept.
            RefusedDecision refused{e, form};
            return board_page(d, request, *who, &refused);
        }
        return d.site.error_response(e, request);
    }
    std::string element = form_value(form, "element");
    return redirect(element.empty() ? back : back + "#" + element);
}

// Removes a participant and their ratings (a surge of joins from one person, a wrong room).
Response remove_participant(const Deps& d, const Request& request) {
    long long id = id_param(request, "session");
    return board_action(d, request, [&](const service::SignedIn& who, const Form& form) {
        const std::string typed = form_value(form, "participant");
        int number = 0;
        auto [end, error] = std::from_chars(typed.data(), typed.data() + typed.size(), number);
        if (error != std::errc() || end != typed.data() + typed.size()) number = 0;
        return d.sessions.remove_participant(id, who, number, caller_of(request));
    });
}

Response close_session(const Deps& d, const Request& request) {
    auto checked = accepted_form(d.site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    auto who = signed_in(d.site, d.accounts, request);
    if (!who) return sign_in_first(request);
    long long id = id_param(request, "session");
    if (auto ok = d.sessions.close(id, *who, caller_of(request)); !ok) {
        return d.site.error_response(ok.error(), request);
    }
    return redirect(session_path(id) + "/placement");
}

Response delete_session(const Deps& d, const Request& request) {
    auto checked = accepted_form(d.site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    auto who = signed_in(d.site, d.accounts, request);
    if (!who) return sign_in_first(request);
    auto org = d.sessions.remove(id_param(request, "session"), *who, caller_of(request));
    if (!org) return d.site.error_response(org.error(), request);
    return redirect(organization_path(*org) + "?done=session-deleted");
}

// The agreed placement renders with the self-assessment's results page parts (profile, next
// stages, moves, examples, resources), plus the group's totals and decisions per element.
Response placement(const Deps& d, const Request& request) {
    auto who = signed_in(d.site, d.accounts, request);
    if (!who) return sign_in_first(request);
    long long id = id_param(request, "session");
    auto placed = d.sessions.placement(id, *who);
    if (!placed) return d.site.error_response(placed.error(), request);
    return render_private(d.site, "session_placement", placement_page(*placed, session_path(id)),
                          request);
}

Response placement_export(const Deps& d, const Request& request, ExportFormat format) {
    auto who = signed_in(d.site, d.accounts, request);
    if (!who) return sign_in_first(request);
    auto placed = d.sessions.placement(id_param(request, "session"), *who);
    if (!placed) return d.site.error_response(placed.error(), request);
    Response response;
    static constexpr std::array<const char*, 3> kExtensions = {".csv", ".json", ".xlsx"};
    as_download(response, "cbe-roadmap-session-" + std::to_string(placed->board.session.id) + "-" +
                              placed->board.session.closed_at.substr(0, 10) +
                              kExtensions.at(static_cast<size_t>(format)));
    switch (format) {
        case ExportFormat::kCsv:
            response.content_type = "text/csv; charset=utf-8";
            response.set_body(report::placement_csv(placed->summary));
            break;
        case ExportFormat::kJson:
            response.content_type = "application/json";
            response.set_body(boost::json::serialize(report::placement_json(placed->summary)));
            break;
        case ExportFormat::kXlsx:
            response.content_type = report::kXlsxContentType;
            response.set_body(report::placement_xlsx(placed->summary));
            break;
    }
    return response;
}

Response placement_csv(const Deps& d, const Request& request) {
    return placement_export(d, request, ExportFormat::kCsv);
}

Response placement_json(const Deps& d, const Request& request) {
    return placement_export(d, request, ExportFormat::kJson);
}

Response placement_xlsx(const Deps& d, const Request& request) {
    return placement_export(d, request, ExportFormat::kXlsx);
}

// --- Participants -------------------------------------------------------------------------

json::object join_model(const std::string& code, const std::string& name, const std::string& error,
                        bool resumable) {
    return {{"title", "Join a team session"}, {"page", "join"}, {"code", code},
            {"display_name", name},           {"error", error}, {"has_error", !error.empty()},
            {"resumable", resumable}};
}

Response join_page(const Deps& d, const Request& request) {
    std::string token = cookie(request, kParticipantCookie, d.site.secure_cookies());
    bool resumable = !token.empty() && d.sessions.participant_version(token).has_value();
    return render_private(d.site, "session_join",
                          join_model(request.query_value("code"), "", "", resumable), request);
}

Response join(const Deps& d, const Request& request) {
    auto checked = accepted_form(d.site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const auto& form = std::get<Form>(checked);
    std::string code = form_value(form, "code");
    std::string name = form_value(form, "display_name");
    // The device's cookie: a phone that joined this session before gets its participant back.
    auto joined = d.sessions.join(code, name, caller_of(request),
                                  cookie(request, kParticipantCookie, d.site.secure_cookies()));
    if (!joined) {
        const Error& e = joined.error();
        if (e.code == ErrorCode::kInternal || e.code == ErrorCode::kUnavailable) {
            return d.site.error_response(e, request);
        }
        return Site::refused_form(
            render_private(d.site, "session_join", join_model(code, name, message_text(e), false),
                           request),
            e);
    }
    Response response = redirect(participant_path(joined->token));
    set_cookie(response, kParticipantCookie, joined->token,
               {kParticipantCookieSeconds, d.site.secure_cookies(), true});
    return response;
}

// "/join/resume": back to the session this device joined (its cookie), or to the join form.
Response resume_participant(const Deps& d, const Request& request) {
    std::string token = cookie(request, kParticipantCookie, d.site.secure_cookies());
    if (!token.empty() && d.sessions.participant_version(token)) {
        return redirect(participant_path(token));
    }
    return redirect("/join");
}

Response participant_page(const Deps& d, const Request& request) {
    std::string token = param(request, "participant");
    auto page = d.sessions.participant_page(token);
    if (!page) return d.site.error_response(page.error(), request);
    Response response =
        render_private(d.site, "session_participant", participant_model(*page, token), request);
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    // Opening the link on a new phone makes that phone remember it too.
    set_cookie(response, kParticipantCookie, token,
               {kParticipantCookieSeconds, d.site.secure_cookies(), true});
    return response;
}

Response participant_events(const Deps& d, const Request& request) {
    std::string token = param(request, "participant");
    auto page = d.sessions.participant_page(token);
    if (!page) return d.site.error_response(page.error(), request);
    return event_stream(page->session, "participant:" + std::to_string(page->participant.id));
}

Response rating_page(const Deps& d, const Request& request, const std::string& choice,
                     const std::string& note, const Error* error) {
    std::string token = param(request, "participant");
    auto page = d.sessions.participant_page(token);
    if (!page) return d.site.error_response(page.error(), request);
    std::string element = param(request, "element");
    std::string shown_choice = choice, shown_note = note;
    if (!error) {
        for (const auto& r : page->own) {
            if (r.element_id == element) shown_choice = r.choice, shown_note = r.note;
        }
    }
    auto model = rating_model(*page, token, element, shown_choice, shown_note,
                              error ? message_text(*error) : "");
    if (model.empty()) {
        return d.site.error_response(Error(ErrorCode::kNotFound, "session.element-unknown"),
                                     request);
    }
    Response response = render_private(d.site, "session_rate", std::move(model), request,
                                       error ? status_for(error->code) : 200);
    response.headers.emplace_back("X-Robots-Tag", "noindex");
    return response;
}

Response rate(const Deps& d, const Request& request) {
    auto checked = accepted_form(d.site, request);
    if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
    const auto& form = std::get<Form>(checked);
    std::string token = param(request, "participant");
    std::string element = param(request, "element");
    std::string choice = form_value(form, "choice");
    std::string note = form_value(form, "note");
    auto saved = d.sessions.rate(token, element, choice, note);
    if (!saved) {
        const Error& e = saved.error();
        if (e.code == ErrorCode::kInvalidInput || e.code == ErrorCode::kConflict) {
            return rating_page(d, request, choice, note, &e);
        }
        return d.site.error_response(e, request);
    }
    std::string next = form_value(form, "next");
    std::string back = participant_path(token);
    return redirect(next.empty() ? back : back + "/e/" + next);
}

}  // namespace

void add_team_sessions(Site& site, Router& router, const service::AccountService& accounts,
                       const TeamSessionService& sessions) {
    constexpr bool kBlocking = true;
    auto d = std::make_shared<Deps>(Deps{site, accounts, sessions});
    auto get = [&](const std::string& pattern, Response (*page)(const Deps&, const Request&)) {
        router.add(
            Method::kGet, pattern, [d, page](Request& r) { return page(*d, r); }, kBlocking);
    };
    auto post = [&](const std::string& pattern, Response (*action)(const Deps&, const Request&)) {
        router.add(
            Method::kPost, pattern, [d, action](Request& r) { return action(*d, r); }, kBlocking);
    };
    get("/orgs/{id}/sessions/new", new_session);
    post("/orgs/{id}/sessions", open_session);
    get("/sessions/{session}", board);
    get("/sessions/{session}/events", board_events);
    get("/sessions/{session}/placement", placement);
    get("/sessions/{session}/placement.csv", placement_csv);
    get("/sessions/{session}/placement.json", placement_json);
    get("/sessions/{session}/placement.xlsx", placement_xlsx);
    post("/sessions/{session}/close", close_session);
    post("/sessions/{session}/participants/remove", remove_participant);
    post("/sessions/{session}/delete", delete_session);
    const TeamSessionService& s = sessions;
    auto on_board =
        [&](const std::string& pattern,
            std::function<Result<void>(long long, const service::SignedIn&, const Form&)> action) {
            router.add(
                Method::kPost, pattern,
                [d, action](Request& r) {
                    long long id = id_param(r, "session");
                    return board_action(*d, r, [&](const service::SignedIn& who, const Form& form) {
                        return action(id, who, form);
                    });
                },
                kBlocking);
        };
    on_board("/sessions/{session}/joining", [&s](long long id, const auto& who, const Form& f) {
        return s.set_joining(id, who, form_value(f, "open") == "yes");
    });
    on_board("/sessions/{session}/reveal", [&s](long long id, const auto& who, const Form& f) {
        return s.reveal(id, who, form_value(f, "element"), form_value(f, "missing") == "yes");
    });
    on_board("/sessions/{session}/decide", [&s](long long id, const auto& who, const Form& f) {
        std::string stage = form_value(f, "stage");
        return s.decide(id, who, form_value(f, "element"), stage == "none" ? "" : stage,
                        form_value(f, "rationale"), form_value(f, "dissent"));
    });
    get("/join", join_page);
    post("/join", join);
    get("/join/resume", resume_participant);
    get("/p/{participant}", participant_page);
    get("/p/{participant}/events", participant_events);
    router.add(
        Method::kGet, "/p/{participant}/e/{element}",
        [d](Request& r) { return rating_page(*d, r, "", "", nullptr); }, kBlocking);
    post("/p/{participant}/e/{element}", rate);
}

}  // namespace cbe::web::handlers
