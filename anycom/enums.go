package anycom

// ChannelType is a kind of channel. The docs list "whatsapp" for commands;
// the status shows the other kinds. Unlisted values pass through.
type ChannelType string

// Channel types seen in the docs.
const (
	ChannelWhatsApp ChannelType = "whatsapp"
	ChannelLiveChat ChannelType = "livechat"
	ChannelLiveFlow ChannelType = "liveflow"
)

// State is a customer session's state.
type State string

// Customer session states.
const (
	StateNone        State = "none"
	StateIdentifying State = "identifying"
	StateOnBot       State = "on_bot"
	StateOnChat      State = "on_chat"
	StateDone        State = "done"
)

// CallType says how a chat came about.
type CallType string

// Chat call types.
const (
	CallInvite   CallType = "invite"
	CallInvited  CallType = "invited"
	CallAccepted CallType = "accepted"
	CallDirect   CallType = "direct"
)

// CheckStatus is the verdict on a WhatsApp number.
type CheckStatus string

// Number check results.
const (
	// CheckInvalid: the number is not on WhatsApp.
	CheckInvalid CheckStatus = "invalid"
	// CheckValid: the number is on WhatsApp.
	CheckValid CheckStatus = "valid"
	// CheckAlready: the number is on WhatsApp and already a known contact.
	CheckAlready CheckStatus = "already"
)

// ReloadTarget is what a bot reload or validation applies to.
type ReloadTarget string

// Bot reload targets. Only ReloadService and ReloadFunction take an ID,
// and they are the two targets validation accepts.
const (
	ReloadAll      ReloadTarget = "all"
	ReloadService  ReloadTarget = "service"
	ReloadFunction ReloadTarget = "function"
	ReloadMacro    ReloadTarget = "macro"
	ReloadGlobal   ReloadTarget = "global"
)

// takesID reports whether the target is sent with an "id".
func (t ReloadTarget) takesID() bool { return t == ReloadService || t == ReloadFunction }

// ChannelState is a channel's connection status.
type ChannelState string

// Channel statuses.
const (
	ChannelUp   ChannelState = "UP"
	ChannelDown ChannelState = "DOWN"
)
