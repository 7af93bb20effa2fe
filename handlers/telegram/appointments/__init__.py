"""The Vor-Ort-Service request handlers: the citizen's conversation, request buttons, the staff side.

Modules: conversation (the ConversationHandler), draft (its helpers), entry (start, resume,
back, cancel), steps (one handler per question), summary (edit, send), replies (answers to
the team), mine (request buttons outside the conversation, /meineanfragen), staff (the staff
chat), shared (request numbers, card refresh).

Callback data (never trusted; every press is checked against the draft or the database):
  vo:start                      start a request (button under the FAQ answer)
  vo:who|why|svc|where|more|time|consent:<key>, vo:ok, vo:edit:<item>, vo:send
  vo:back  vo:cancel  vo:resume  vo:new
  vc:yes:<id>:<seq> / vc:no:<id>:<seq>   'Passt' / 'Passt nicht' on proposal number <seq>
  vc:opt:<id>:<seq>:<index>     one date of a proposal with several ('Di 8.12., 10:00 passt');
                                its 'Keiner passt' is vc:no:<id>:<seq>
  vc:nowish:<id>                'Passt nicht' without a wish
  vc:ans:<id>                   answer a question of the team
  vc:cancel:<id> / vc:cancelok:<id> / vc:keep:<id>   cancel one's own request
  va:claim|propose|ask|reject|done:<id>               staff card buttons (handlers/appointments/staff.py)
"""

from handlers.telegram.appointments.conversation import (
    CANCEL_COMMANDS,
    CONVERSATION_TIMEOUT,
    build_conversation,
)
from handlers.telegram.appointments.entry import nothing_to_cancel
from handlers.telegram.appointments.mine import (
    CITIZEN_BUTTONS,
    citizen_button,
    list_requests,
    offer_request,
    stale_button,
)
from handlers.telegram.appointments.steps import MAX_PERSONS

__all__ = [
    "CANCEL_COMMANDS",
    "CITIZEN_BUTTONS",
    "CONVERSATION_TIMEOUT",
    "MAX_PERSONS",
    "build_conversation",
    "citizen_button",
    "list_requests",
    "nothing_to_cancel",
    "offer_request",
    "stale_button",
]
