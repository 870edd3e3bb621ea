-- One scenario of the benchmark per run, chosen by BENCH_SCENARIO; ids of the big
-- tenant's leads from BENCH_IDS, feed cursors from BENCH_CURSORS.
local scenario = os.getenv("BENCH_SCENARIO")
local token = os.getenv("BENCH_TOKEN")
local ids = {}
local cursors = {}
local n = 0
local counter = 0
local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_IDS")) do table.insert(ids, line) end
  for line in io.lines(os.getenv("BENCH_CURSORS")) do table.insert(cursors, line) end
  math.randomseed(os.time() * 10 + thread_id)
end

local function random_id() return ids[math.random(#ids)] end

local requests = {
  get_by_id = function() return wrk.format("GET", "/api/v1/leads/" .. random_id(), headers) end,
  list_page1 = function() return wrk.format("GET", "/api/v1/leads?page=1&size=20", headers) end,
  list_status = function() return wrk.format("GET", "/api/v1/leads?status=booked&page=1&size=20", headers) end,
  list_page500 = function() return wrk.format("GET", "/api/v1/leads?page=500&size=20", headers) end,
  search_rare = function() return wrk.format("GET", "/api/v1/leads?search=zyxw", headers) end,
  search_common = function() return wrk.format("GET", "/api/v1/leads?search=anna", headers) end,
  events_page = function() return wrk.format("GET", "/api/v1/events?limit=100&after=" .. cursors[math.random(#cursors)], headers) end,
  search_short = function() return wrk.format("GET", "/api/v1/leads?search=m%C3%BC", headers) end,
  create = function()
    return wrk.format("POST", "/api/v1/leads", headers,
      '{"name":"Bench ' .. thread_id .. '-' .. n .. '","channel":"web","email":"bench' .. thread_id .. '-' .. n .. '@example.com"}')
  end,
  patch = function()
    return wrk.format("PATCH", "/api/v1/leads/" .. random_id(), headers,
      '{"appointment_notes":"bench ' .. n .. '","metadata":{"bench":' .. n .. '}}')
  end,
  note = function()
    return wrk.format("POST", "/api/v1/leads/" .. random_id() .. "/notes", headers, '{"content":"bench note ' .. n .. '"}')
  end,
}

function request()
  n = n + 1
  return requests[scenario]()
end
