// The pages of live team sessions as view models (JSON for the templates): the facilitator's
// board, a participant's pages, the agreed placement. Built only from what the service hands
// out: counts before reveal, aggregates after; never one person's rating. Internal to
// web/handlers.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "service/team_session_service.hpp"

namespace cbe::web::handlers {

boost::json::object board_model(const service::Board& board, const std::string& join_url,
                                const std::string& qr_svg);
boost::json::object participant_model(const service::ParticipantPage& page,
                                      const std::string& token);
// One element's rating form for a participant; `error` (a message) keeps what was typed.
boost::json::object rating_model(const service::ParticipantPage& page, const std::string& token,
                                 const std::string& element_id, const std::string& choice,
                                 const std::string& note, const std::string& error);
boost::json::object placement_model(const service::Board& board);
// The agreed placement's whole page: the self-assessment's results parts over the agreed stages
// (report::build_results) and the decisions. `base`: where its plan lives ("<base>/plan").
boost::json::object placement_page(const service::Placement& placed, const std::string& base);
// The form to open a session: the organization, the chosen pathway and its elements.
boost::json::object new_session_model(const content::Roadmap& roadmap, long long organization_id,
                                      const std::string& audience_id,
                                      const service::OpenSessionInput& typed,
                                      const std::string& error);

}  // namespace cbe::web::handlers
