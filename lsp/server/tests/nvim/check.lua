-- Drives lockctx-language-server from headless Neovim (0.7+) on one real
-- file and writes what the editor saw to $OUT as JSON: the diagnostics, the
-- hover at $HOVER_LINE:$HOVER_COL (0-based; defaults to the first
-- diagnostic), the code actions offered at the first diagnostic, and the
-- buffer after applying the action titled $ACTION (a plain substring).
-- Usage: OUT=… SERVER=…/main.js FILE=…/x.ts ROOT=… ACTION=… \
--   nvim --headless -u NONE -c 'luafile check.lua'
local out_path = os.getenv('OUT')
local result = { nvim = tostring(vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch) }

local function finish(code)
  local f = io.open(out_path, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd(code == 0 and 'qa!' or ('cquit ' .. code))
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('FILE')))
  vim.bo.filetype = 'typescript'
  local bufnr = vim.api.nvim_get_current_buf()
  local cfg = {
    name = 'lockctx',
    cmd = { 'node', os.getenv('SERVER'), '--stdio' },
    root_dir = os.getenv('ROOT'),
    workspace_folders = { { uri = vim.uri_from_fname(os.getenv('ROOT')), name = 'fixture' } },
  }
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(cfg)
  else
    client_id = vim.lsp.start_client(cfg)
    vim.lsp.buf_attach_client(bufnr, client_id)
  end

  result.diagnostics_arrived = vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
  local function snapshot()
    local list = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(list, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
        severity = d.severity, message = d.message, source = d.source, code = d.code })
    end
    table.sort(list, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
    return list
  end
  result.diagnostics = snapshot()
  if not result.diagnostics_arrived then return end

  local td = { uri = vim.uri_from_bufnr(bufnr) }
  local d0 = result.diagnostics[1]
  local hl = tonumber(os.getenv('HOVER_LINE') or '') or d0.lnum
  local hc = tonumber(os.getenv('HOVER_COL') or '') or d0.col
  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover',
    { textDocument = td, position = { line = hl, character = hc } }, 5000)
  for _, r in pairs(hover or {}) do result.hover = r.result and r.result.contents end

  local pos = { line = d0.lnum, character = d0.col }
  local line_diags = vim.lsp.diagnostic.get_line_diagnostics(bufnr, d0.lnum)
  local ca = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = td, range = { start = pos, ['end'] = pos }, context = { diagnostics = line_diags } }, 5000)
  result.code_actions = {}
  local chosen
  local want = os.getenv('ACTION') or ''
  for _, r in pairs(ca or {}) do
    for _, a in ipairs(r.result or {}) do
      table.insert(result.code_actions, a.title .. ' [' .. tostring(a.kind) .. ']')
      if chosen == nil and string.find(a.title, want, 1, true) then chosen = a end
    end
  end
  result.applied = chosen and chosen.title or nil
  if chosen then
    local before = #result.diagnostics
    vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
    -- the server re-publishes after the change: wait for the new list
    result.republished = vim.wait(10000, function() return #vim.diagnostic.get(bufnr) ~= before end, 20)
    result.diagnostics_after = snapshot()
    result.buffer_after = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  end

  vim.lsp.stop_client(client_id)
  vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
end)
if not ok then result.error = tostring(err) end
finish(ok and 0 or 3)
