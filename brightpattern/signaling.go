package brightpattern

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/switchboard-go/switchboard/internal/flex"
)

// SignalType is the "type" of a WebRTC signaling message.
type SignalType string

// Signaling message types.
const (
	SignalRequestCall      SignalType = "REQUEST_CALL"
	SignalCallRejected     SignalType = "CALL_REJECTED"
	SignalOfferCall        SignalType = "OFFER_CALL"
	SignalAnswerCall       SignalType = "ANSWER_CALL"
	SignalICECandidate     SignalType = "ICE_CANDIDATE"
	SignalEndCall          SignalType = "END_CALL"
	SignalCallState        SignalType = "CALL_STATE"
	SignalRequestPhoneCall SignalType = "REQUEST_PHONE_CALL"
	SignalRequestSMS       SignalType = "REQUEST_SMS"
)

// Signal is the payload of a [SignalingEvent].
type Signal interface {
	// SignalType is the payload's "type".
	SignalType() SignalType
}

// RequestCallSignal asks for a WebRTC call (client to server).
type RequestCallSignal struct{ OfferVideo bool }

// CallRejectedSignal says a requested call was rejected (server to client).
type CallRejectedSignal struct{ ReasonCode, Reason string }

// OfferCallSignal starts a WebRTC session (server to client).
type OfferCallSignal struct {
	OfferVideo bool
	SDP        string
}

// AnswerCallSignal accepts an offered session (client to server).
type AnswerCallSignal struct{ SDP string }

// ICECandidateSignal describes an ICE candidate (both ways).
type ICECandidateSignal struct {
	SDPMid        string
	SDPMLineIndex int
	Candidate     string
}

// EndCallSignal ends the WebRTC session (both ways).
type EndCallSignal struct{}

// CallStateSignal reports which media are on (older clients).
type CallStateSignal struct{ AudioEnabled, VideoEnabled bool }

// RequestPhoneCallSignal asks for a phone call to Number (older web client).
type RequestPhoneCallSignal struct{ Number string }

// RequestSMSSignal asks for an SMS to Number (older web client).
type RequestSMSSignal struct{ Number string }

// RawSignal is a payload this package does not know, kept as it came.
type RawSignal struct {
	Type SignalType
	JSON json.RawMessage
}

// Each Signal type names itself through the [Signal] interface; a
// [RawSignal] by its Type.

func (*RequestCallSignal) SignalType() SignalType      { return SignalRequestCall }
func (*CallRejectedSignal) SignalType() SignalType     { return SignalCallRejected }
func (*OfferCallSignal) SignalType() SignalType        { return SignalOfferCall }
func (*AnswerCallSignal) SignalType() SignalType       { return SignalAnswerCall }
func (*ICECandidateSignal) SignalType() SignalType     { return SignalICECandidate }
func (*EndCallSignal) SignalType() SignalType          { return SignalEndCall }
func (*CallStateSignal) SignalType() SignalType        { return SignalCallState }
func (*RequestPhoneCallSignal) SignalType() SignalType { return SignalRequestPhoneCall }
func (*RequestSMSSignal) SignalType() SignalType       { return SignalRequestSMS }
func (s *RawSignal) SignalType() SignalType            { return s.Type }

type wireSignal struct {
	Type          flex.String `json:"type"`
	OfferVideo    flex.Bool   `json:"offerVideo"`
	ReasonCode    flex.String `json:"reason_code"`
	Reason        flex.String `json:"reason"`
	SDP           flex.String `json:"sdp"`
	SDPMid        flex.String `json:"sdpMid"`
	SDPMLineIndex flex.Int    `json:"sdpMLineIndex"`
	Candidate     flex.String `json:"candidate"`
	AudioEnabled  flex.Bool   `json:"audioEnabled"`
	VideoEnabled  flex.Bool   `json:"videoEnabled"`
	Number        flex.String `json:"number"`
}

// DecodeSignal decodes a signaling payload: a JSON object, or (as the docs
// show "data" as a string) a JSON string holding one. Anything it cannot
// read is a *RawSignal; it never fails. A payload whose type is readable but
// one of whose fields is not (an offerVideo of "maybe") is a *RawSignal that
// keeps that type.
func DecodeSignal(data []byte) Signal {
	obj := bytes.TrimSpace(data)
	if len(obj) > 0 && obj[0] == '"' {
		var s string
		if json.Unmarshal(obj, &s) == nil {
			obj = []byte(s)
		}
	}
	var w wireSignal
	if json.Unmarshal(obj, &w) != nil {
		var head struct {
			Type flex.String `json:"type"`
		}
		if json.Unmarshal(obj, &head) != nil {
			return &RawSignal{JSON: json.RawMessage(bytes.Clone(data))}
		}
		return &RawSignal{Type: SignalType(head.Type.Value), JSON: json.RawMessage(bytes.Clone(obj))}
	}
	switch SignalType(w.Type.Value) {
	case SignalRequestCall:
		return &RequestCallSignal{OfferVideo: w.OfferVideo.Value}
	case SignalCallRejected:
		return &CallRejectedSignal{ReasonCode: w.ReasonCode.Value, Reason: w.Reason.Value}
	case SignalOfferCall:
		return &OfferCallSignal{OfferVideo: w.OfferVideo.Value, SDP: w.SDP.Value}
	case SignalAnswerCall:
		return &AnswerCallSignal{SDP: w.SDP.Value}
	case SignalICECandidate:
		return &ICECandidateSignal{SDPMid: w.SDPMid.Value, SDPMLineIndex: int(w.SDPMLineIndex.Value), Candidate: w.Candidate.Value}
	case SignalEndCall:
		return &EndCallSignal{}
	case SignalCallState:
		return &CallStateSignal{AudioEnabled: w.AudioEnabled.Value, VideoEnabled: w.VideoEnabled.Value}
	case SignalRequestPhoneCall:
		return &RequestPhoneCallSignal{Number: w.Number.Value}
	case SignalRequestSMS:
		return &RequestSMSSignal{Number: w.Number.Value}
	}
	return &RawSignal{Type: SignalType(w.Type.Value), JSON: json.RawMessage(bytes.Clone(obj))}
}

// encodeSignal gives the wire form of s: a JSON object with the documented
// string-typed values ("true", "0"), sent as a JSON string as documented.
func encodeSignal(s Signal) (string, error) {
	m := map[string]string{"type": string(s.SignalType())}
	switch s := s.(type) {
	case *RequestCallSignal:
		m["offerVideo"] = strconv.FormatBool(s.OfferVideo)
	case *CallRejectedSignal:
		m["reason_code"], m["reason"] = s.ReasonCode, s.Reason
	case *OfferCallSignal:
		m["offerVideo"], m["sdp"] = strconv.FormatBool(s.OfferVideo), s.SDP
	case *AnswerCallSignal:
		m["sdp"] = s.SDP
	case *ICECandidateSignal:
		m["sdpMid"], m["sdpMLineIndex"], m["candidate"] = s.SDPMid, strconv.Itoa(s.SDPMLineIndex), s.Candidate
	case *CallStateSignal:
		m["audioEnabled"], m["videoEnabled"] = strconv.FormatBool(s.AudioEnabled), strconv.FormatBool(s.VideoEnabled)
	case *RequestPhoneCallSignal:
		m["number"] = s.Number
	case *RequestSMSSignal:
		m["number"] = s.Number
	case *RawSignal:
		return string(s.JSON), nil
	}
	b, err := json.Marshal(m)
	return string(b), err
}
