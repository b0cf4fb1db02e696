package workspacechat

// The error body, marked as in chats_wire.go.

import "github.com/switchboard-go/switchboard/internal/flex"

// wireError is the error body (CONFIRMED on sibling operations, INFERRED
// for the chats operations).
type wireError struct {
	Code     flex.String `json:"code"`
	Name     flex.String `json:"name"`
	Message  flex.String `json:"message"`
	Feedback *struct {
		EnUS flex.String `json:"enUs"`
		EsES flex.String `json:"esEs"`
		PtBR flex.String `json:"ptBr"`
	} `json:"feedback"`
	CTA *struct {
		Type flex.String `json:"type"`
		URL  flex.String `json:"url"`
	} `json:"cta"`
}

func (w *wireError) fill(e *Error) {
	e.Code, e.Name, e.Message = ErrorCode(w.Code.Value), w.Name.Value, w.Message.Value
	if f := w.Feedback; f != nil {
		e.Feedback = Feedback{EnUS: f.EnUS.Value, EsES: f.EsES.Value, PtBR: f.PtBR.Value}
	}
	if c := w.CTA; c != nil && (c.Type.Valid || c.URL.Valid) {
		e.CTA = &CTA{Type: c.Type.Value, URL: c.URL.Value}
	}
}
