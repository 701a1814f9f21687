-- wrk script: saves answers to one assessment, spreading them over its pathway's elements.
-- Arguments: token csrf comma-separated-element-ids
local token, csrf, elements
local choices = { "entry", "developing", "scaling", "transforming", "not-sure" }

function init(args)
  token, csrf = args[1], args[2]
  elements = {}
  for id in string.gmatch(args[3], "[^,]+") do elements[#elements + 1] = id end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Accept"] = "application/json"
  wrk.headers["Cookie"] = "cbe_csrf=" .. csrf
end

function request()
  local element = elements[math.random(#elements)]
  local body = "csrf=" .. csrf .. "&choice=" .. choices[math.random(#choices)] .. "&note=benchmark"
  return wrk.format(nil, "/a/" .. token .. "/e/" .. element, nil, body)
end
