package anycom

import "time"

// Channel identifies a channel and, where a command shows one, the customer
// on it. Fields a command does not send are zero.
type Channel struct {
	// Type is the channel type ("whatsapp").
	Type ChannelType
	// ID is the channel ID (zero for channels shown without one).
	ID int64
	// UserID is the full customer channel username ("554432328668@c.us").
	UserID string
	// UserName is the customer's displayed name.
	UserName string
	// User is the number a check found ("554432328668").
	User string
}

// ChatGroup is an attendant chat group.
type ChatGroup struct {
	ID   int64
	Name string
}

// Stamp is a "last"/"last_elapsed" pair: when something last happened.
type Stamp struct {
	// Last is when it happened (sent as a string of Unix seconds).
	Last time.Time
	// LastElapsed is the server's rendering of the time since, kept as
	// sent: "90 days, 4:11:48" in one place, a number of seconds in another.
	LastElapsed string
	// Elapsed is LastElapsed read as a duration; zero when unreadable.
	Elapsed time.Duration
}

// MessageStats counts the messages sent or received in a session.
type MessageStats struct {
	Count int64
	Stamp
}

// ChatInfo is a customer's chat parameters.
type ChatInfo struct {
	Group ChatGroup
	// Invited reports a pending invitation.
	Invited bool
	// Greeting is the message sent to the customer when the chat is
	// accepted.
	Greeting string
	Call     CallType
	// User is the attendant's username, empty while the customer waits.
	User string
	// Subject is the subject shown to the attendant.
	Subject string
}

// User is a customer session shown by [ChannelsService.Users].
type User struct {
	// Customer is the customer ID in the AnyCom database.
	Customer int64
	State    State
	// Session is the current session ID.
	Session  int64
	Sent     MessageStats
	Received MessageStats
	Chat     ChatInfo
	// UserName is the customer's name.
	UserName string
	Channel  Channel
}

// CheckResult is the verdict of [ChannelsService.Check].
type CheckResult struct {
	Status CheckStatus
	// IsBusiness reports a WhatsApp Business account.
	IsBusiness bool
	// UserName is the name set on the WhatsApp app.
	UserName string
	Channel  Channel
}

// ChannelStatus is one channel's entry in [Client.Status].
type ChannelStatus struct {
	Status ChannelState
	// Seen is when the channel was last seen (whatsapp channels only).
	Seen Stamp
	// Clients is the number of customers active on the channel.
	Clients int64
	// Chats is the number of chats, for channels that report it.
	Chats   int64
	Channel Channel
}

// key identifies the channel across snapshots.
func (s ChannelStatus) key() channelKey {
	return channelKey{s.Channel.Type, s.Channel.ID, ""}
}

// FlowStep is a bot flow item, running or next.
type FlowStep struct {
	// Item is the flow item ID.
	Item int64
	// Step is the internal step ID.
	Step int64
	// DestinationType is the type of the flow item ("message", "chat").
	DestinationType string
	// DestinationOption holds the item's options, as sent ("" for null).
	DestinationOption string
	// Flow is the flow number.
	Flow int64
	// ID is the internal ID of the item.
	ID int64
}

// BotSession is a customer session on the bot, shown by
// [BotService.Sessions].
type BotSession struct {
	// UserName is the customer's name on the WhatsApp app.
	UserName string
	Next     FlowStep
	Running  FlowStep
	// LastAnswer is the last answer sent to the customer.
	LastAnswer string
	// ChatGroup is the name of the current chat group: the server sends
	// it under chat_group.id.
	ChatGroup string
	// ChatAttendant is the current chat attendant, sent under
	// chat_group.name.
	ChatAttendant string
	Channel       Channel
}

// Software names a program and its version.
type Software struct {
	Name    string
	Version string
}

// Attendant is an online chat attendant, shown by [ChatService.Attendants].
type Attendant struct {
	// ChatUser is the attendant's username.
	ChatUser string
	// ChatUserName is the displayed name.
	ChatUserName string
	// StartTime is when the attendant logged in to AnyCom Chat.
	StartTime time.Time
	// IPAddr is the attendant's source address.
	IPAddr string
	// LastAck is the time since the attendant's last acknowledgement.
	LastAck time.Duration
	// Group is the primary chat group.
	Group ChatGroup
	// AlternativeGroups lists the other chat group IDs.
	AlternativeGroups []int64
	OS                Software
	Browser           Software
	// WebFront and WebCore are the AnyCom Web and Core versions.
	WebFront string
	WebCore  string
	// Clients is the number of customers the attendant is chatting with.
	Clients int64
}

// AwaitingCustomer is a customer waiting in the chat queue, shown by
// [ChatService.Awaiting].
type AwaitingCustomer struct {
	Chat    ChatInfo
	Channel Channel
}

// key identifies the customer across snapshots.
func (a AwaitingCustomer) key() channelKey {
	return channelKey{a.Channel.Type, a.Channel.ID, a.Channel.UserID}
}

// Conversation is a customer chatting with an attendant, shown by
// [ChatService.Conversations].
type Conversation struct {
	ChatUser     string
	ChatUserName string
	ChatGroup    ChatGroup
	Channel      Channel
}

// channelKey identifies a channel, or a customer on a channel.
type channelKey struct {
	typ  ChannelType
	id   int64
	user string
}
