-- wrk: varied cases for POST /api/v1/cases (bench/cases.sh, bench/report.sh): sex, birth
-- year, forms of violence, and a name, phone, address and narrative that make each one new.
local sexes = { "female", "male", "other", "unknown" }
local forms = { "physical", "psychological", "sexual", "economic", "stalking", "neglect" }
local n = 0
request = function()
  n = n + 1
  local body = string.format(
    '{"kind":"domestic_violence","mechanism_id":1,"survivor":{"given_name":"Bench%d",' ..
    '"family_name":"Case%d","sex":"%s","date_of_birth":"%d-03-04","phone":"+355 69 123 4567",' ..
    '"address":"Rruga e Bench %d"},"incident":{"occurred_on":"2026-01-05","forms":["%s"],' ..
    '"narrative":"Bench narrative"}}',
    math.random(1e9), n, sexes[math.random(4)], 1950 + math.random(60), n, forms[math.random(6)])
  return wrk.format("POST", "/api/v1/cases", nil, body)
end
